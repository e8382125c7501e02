import type { SignalPayload } from '@naer/shared/realtime';
import { incoming } from './negotiation';

export interface PeerLinkOptions {
  polite: boolean;
  /** We joined after this peer: we offer, so we also ask for the kinds we do not send. */
  initiator: boolean;
  iceServers: RTCIceServer[];
  local: MediaStream | null;
  send: (signal: SignalPayload) => void;
  onStream: (stream: MediaStream) => void;
  onIceState: (state: RTCIceConnectionState) => void;
  onError: (error: unknown) => void;
}

/** A `disconnected` link often recovers by itself; restart ICE only when it has not after this long. */
const DISCONNECTED_GRACE_MS = 2_500;

/**
 * One RTCPeerConnection to one peer, negotiated by perfect negotiation (W3C WebRTC §10.7, as in
 * MDN's example): either side may offer at any time; a collision is settled by politeness.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly #options: PeerLinkOptions;
  #makingOffer = false;
  #ignoreOffer = false;
  #settingRemoteAnswerPending = false;
  #restartTimer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(options: PeerLinkOptions) {
    this.#options = options;
    const pc = new RTCPeerConnection({ iceServers: options.iceServers });
    this.pc = pc;
    for (const kind of ['audio', 'video'] as const) {
      const track = options.local?.getTracks().find((t) => t.kind === kind);
      if (track && options.local) pc.addTrack(track, options.local);
      // Without a camera we still want to see the others: the offer must carry a video section.
      else if (options.initiator) pc.addTransceiver(kind, { direction: 'recvonly' });
    }
    pc.ontrack = ({ track, streams }) => options.onStream(streams[0] ?? new MediaStream([track]));
    pc.onicecandidate = ({ candidate: c }) =>
      options.send({ candidate: c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex, usernameFragment: c.usernameFragment } : null });
    pc.onnegotiationneeded = () => void this.#offer();
    pc.oniceconnectionstatechange = () => this.#iceChanged();
  }

  async #offer(): Promise<void> {
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      this.#sendDescription();
    } catch (error) {
      this.#options.onError(error);
    } finally {
      this.#makingOffer = false;
    }
  }

  #sendDescription(): void {
    const description = this.pc.localDescription;
    if (description) this.#options.send({ description: { type: description.type, sdp: description.sdp } });
  }

  #iceChanged(): void {
    const state = this.pc.iceConnectionState;
    this.#options.onIceState(state);
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
    if (state === 'failed') this.pc.restartIce();
    if (state === 'disconnected') {
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = null;
        if (!this.#closed && this.pc.iceConnectionState === 'disconnected') this.pc.restartIce();
      }, DISCONNECTED_GRACE_MS);
    }
  }

  /** A description or candidate the peer sent us. */
  async receive({ description, candidate }: SignalPayload): Promise<void> {
    if (this.#closed) return;
    try {
      if (description) {
        const { ignore } = incoming({
          type: description.type,
          polite: this.#options.polite,
          makingOffer: this.#makingOffer,
          signalingState: this.pc.signalingState,
          settingRemoteAnswerPending: this.#settingRemoteAnswerPending,
        });
        this.#ignoreOffer = ignore;
        if (ignore) return;
        this.#settingRemoteAnswerPending = description.type === 'answer';
        await this.pc.setRemoteDescription(description);
        this.#settingRemoteAnswerPending = false;
        if (description.type === 'offer') {
          await this.pc.setLocalDescription();
          this.#sendDescription();
        }
      } else if (candidate !== undefined) {
        try {
          await this.pc.addIceCandidate(candidate ?? undefined);
        } catch (error) {
          // Candidates of an offer we ignored fail to apply; that is expected.
          if (!this.#ignoreOffer) throw error;
        }
      }
    } catch (error) {
      this.#options.onError(error);
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.pc.ontrack = null;
    this.pc.onicecandidate = null;
    this.pc.onnegotiationneeded = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.close();
  }
}
