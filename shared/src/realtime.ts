import type { Alert, Consultation, Handover, LimitVersion, Measurement, Message, MessageParticipant, Note, QuestionnaireResponse, Visit } from './contracts';

/** Payload of `measurement:received`. */
export interface MeasurementReceivedEvent {
  patientId: string;
  measurement: Measurement;
}

/** Payload of `alert:raised` and `alert:updated`. */
export interface AlertEvent {
  patientId: string;
  alert: Alert;
}

/** Payload of `handover:requested` and `handover:updated` (accepted, declined or cancelled). */
export interface HandoverEvent {
  patientId: string;
  handover: Handover;
}

/** Payload of `message:received`: a new message in a patient's thread. */
export interface MessageReceivedEvent {
  patientId: string;
  message: Message;
}

/** Payload of `message:read`: `reader` read these messages of the thread. */
export interface MessageReadEvent {
  patientId: string;
  reader: MessageParticipant;
  messageIds: string[];
  readAt: string;
}

/** Payload of `access:revoked`: the patient withdrew this relative's access; stop showing their data. */
export interface AccessRevokedEvent {
  patientId: string;
}

/** Payload of `relative:updated`: a relative joined or lost access, or an invitation changed (to the patient). */
export interface RelativeUpdatedEvent {
  patientId: string;
}

/** Payload of `measurement:reviewed`: a clinician marked these readings reviewed (one, or all at once). */
export interface MeasurementReviewedEvent {
  patientId: string;
  measurementIds: string[];
  reviewedAt: string;
  reviewedBy: { id: string; displayName: string };
}

/** Payload of `patient:updated`: something shown on the board changed (e.g. monitoring paused); refetch the patient. */
export interface PatientUpdatedEvent {
  patientId: string;
  change: 'pause';
}

/** Payload of `limits:changed`: a clinician saved a new version of a patient's limits for one kind. */
export interface LimitsChangedEvent {
  patientId: string;
  kind: LimitVersion['kind'];
  version: LimitVersion;
}

/** Payload of `questionnaire:received`: a stored, scored and triaged questionnaire response. */
export interface QuestionnaireReceivedEvent {
  patientId: string;
  response: QuestionnaireResponse;
}

/** Payload of `visit:recorded`: a nurse recorded a visit's vital signs with TOBS and NEWS2. */
export interface VisitRecordedEvent {
  patientId: string;
  visit: Visit;
}

/** Payload of `note:added`: a clinician wrote a care-team note (clinicians on the care team only). */
export interface NoteAddedEvent {
  patientId: string;
  note: Note;
}

/** Payload of `consultation:updated`: booked, moved, cancelled or summarised (to every participant). */
export interface ConsultationUpdatedEvent {
  consultation: Consultation;
}

/** Someone in a call: one browser tab (`peerId`, its socket id) of a participant. */
export interface CallPeer {
  peerId: string;
  userId: string;
  displayName: string;
  role: 'patient' | 'relative' | 'clinician';
}

/** An SDP description or an ICE candidate, as the browser gives them (relayed unread). */
export interface SignalPayload {
  description?: { type: 'offer' | 'answer' | 'pranswer' | 'rollback'; sdp?: string };
  candidate?: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null } | null;
}

/** ICE servers for RTCPeerConnection (STUN/TURN), from the server's configuration. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export type JoinAnswer =
  | { ok: true; self: CallPeer; peers: CallPeer[]; iceServers: IceServer[] }
  | { ok: false; error: { code: 'not_found' | 'forbidden' | 'cancelled' | 'full' | 'invalid'; message: string } };

/** Events the server sends; typed once for server and web. */
export interface ServerToClientEvents {
  'measurement:received': (event: MeasurementReceivedEvent) => void;
  'consultation:updated': (event: ConsultationUpdatedEvent) => void;
  /** A call to your organisation rings (takenBy null), or a colleague took it (to every clinician of the called organisation). */
  'consultation:incoming': (event: ConsultationUpdatedEvent) => void;
  /** In a call: a new peer joined (the others make no offer; the newcomer's connection is negotiated by perfect negotiation). */
  'consultation:peer-joined': (event: { consultationId: string; peer: CallPeer }) => void;
  'consultation:peer-left': (event: { consultationId: string; peerId: string }) => void;
  /** In a call: a description or candidate from `from`. */
  'consultation:signal': (event: { consultationId: string; from: string } & SignalPayload) => void;
  'visit:recorded': (event: VisitRecordedEvent) => void;
  'note:added': (event: NoteAddedEvent) => void;
  'alert:raised': (event: AlertEvent) => void;
  'alert:updated': (event: AlertEvent) => void;
  'message:received': (event: MessageReceivedEvent) => void;
  'message:read': (event: MessageReadEvent) => void;
  'access:revoked': (event: AccessRevokedEvent) => void;
  'relative:updated': (event: RelativeUpdatedEvent) => void;
  'handover:requested': (event: HandoverEvent) => void;
  'handover:updated': (event: HandoverEvent) => void;
  'measurement:reviewed': (event: MeasurementReviewedEvent) => void;
  'patient:updated': (event: PatientUpdatedEvent) => void;
  'limits:changed': (event: LimitsChangedEvent) => void;
  'questionnaire:received': (event: QuestionnaireReceivedEvent) => void;
}

/** Events clients send (none yet: the REST API carries every write). */
/** Events browsers send: only the call's signalling (everything else is HTTP). */
export interface ClientToServerEvents {
  /** Join a consultation's signalling room; only invited, signed-in participants of a scheduled consultation. */
  'consultation:join': (request: { consultationId: string }, answer: (answer: JoinAnswer) => void) => void;
  /** Relay a description or candidate to one peer in the same call. */
  'consultation:signal': (message: { consultationId: string; to: string } & SignalPayload) => void;
  'consultation:leave': (request: { consultationId: string }) => void;
}
