import type { Alert, Measurement } from './contracts';

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

/** Events the server sends; typed once for server and web. */
export interface ServerToClientEvents {
  'measurement:received': (event: MeasurementReceivedEvent) => void;
  'alert:raised': (event: AlertEvent) => void;
  'alert:updated': (event: AlertEvent) => void;
}

/** Events clients send (none yet: the REST API carries every write). */
export type ClientToServerEvents = Record<string, never>;
