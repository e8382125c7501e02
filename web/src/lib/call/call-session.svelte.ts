import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { CallPeer, ClientToServerEvents, ServerToClientEvents, SignalPayload } from '@naer/shared/realtime';
import { classifyQuality, sampleStats } from './call-quality';
import type { InboundCounters, Quality } from './call-quality';
import { INITIAL_CALL, callStatus, reduceCall } from './call-state';
import type { CallEvent, CallState, CallStatus, PeerState, RefusalCode } from './call-state';
import { openLocalMedia } from './local-media';
import type { LocalMedia } from './local-media';
import { isPolite } from './negotiation';
import { PeerLink } from './peer-link';

export type CallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One other person in the call, as the page shows them. */
export interface RemotePeer extends PeerState {
  stream: MediaStream | null;
  /** The peer sends video (an audio-only peer's tile says so). */
  video: boolean;
  quality: Quality;
}

export interface CallSessionDeps {
  /** A Socket.IO connection of its own (the session cookie signs it in): the join needs an acknowledgement. */
  connect: () => CallSocket;
  getUserMedia: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  onError: (error: unknown) => void;
}

const JOIN_TIMEOUT_MS = 10_000;
const STATS_INTERVAL_MS = 2_000;

const defaults = (): CallSessionDeps => ({
  connect: () => io({ transports: ['websocket'] }),
  getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
  onError: (error) => globalThis.reportError?.(error),
});

/**
 * One person's place in a video consultation: the signalling socket, the camera and microphone,
 * and one peer connection per other person (a mesh of 2–4). The server only relays signals.
 */
export class CallSession {
  readonly consultationId: string;
  #state = $state.raw<CallState>(INITIAL_CALL);
  #streams = $state.raw<Record<string, { stream: MediaStream; video: boolean }>>({});
  #quality = $state.raw<Record<string, Quality>>({});
  /** What we send, and why it is less than camera and microphone; null before the devices open. */
  media = $state.raw<LocalMedia | null>(null);
  cameraOn = $state(true);
  microphoneOn = $state(true);
  self = $state.raw<CallPeer | null>(null);

  readonly status: CallStatus = $derived(callStatus(this.#state));
  readonly refusal: RefusalCode | null = $derived(this.#state.refusal);
  readonly ended: 'left' | 'cancelled' | null = $derived(this.#state.ended);
  readonly peers: RemotePeer[] = $derived(
    this.#state.peers.map((p) => {
      const media = this.#streams[p.peerId];
      return { ...p, stream: media?.stream ?? null, video: media?.video ?? false, quality: this.#quality[p.peerId] ?? 'unknown' };
    }),
  );

  readonly #deps: CallSessionDeps;
  // Bookkeeping the page never reads (it reads #state, #streams, #quality): plain maps on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #links = new Map<string, PeerLink>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #counters = new Map<string, InboundCounters | null>();
  #socket: CallSocket | null = null;
  #iceServers: RTCIceServer[] = [];
  // Each join counts; an answer to an earlier one (after leaving meanwhile) is dropped.
  #attempt = 0;
  #statsTimer: ReturnType<typeof setInterval> | null = null;

  constructor(consultationId: string, deps: Partial<CallSessionDeps> = {}) {
    this.consultationId = consultationId;
    this.#deps = { ...defaults(), ...deps };
  }

  #dispatch(event: CallEvent): void {
    this.#state = reduceCall(this.#state, event);
  }

  /** Opens camera and microphone (once), then enters the call; also how one rejoins after leaving. */
  async join(): Promise<void> {
    const attempt = ++this.#attempt;
    this.#dispatch({ type: 'join' });
    // The socket connects while the camera opens.
    const socket = this.#socket ?? this.#connect();
    if (!this.media) {
      const media = await openLocalMedia(this.#deps.getUserMedia);
      if (attempt !== this.#attempt) {
        stop(media.stream);
        return;
      }
      this.media = media;
      this.#applyToggles();
    }
    this.#emitJoin(socket, attempt);
  }

  #emitJoin(socket: CallSocket, attempt: number): void {
    socket.timeout(JOIN_TIMEOUT_MS).emit('consultation:join', { consultationId: this.consultationId }, (error, answer) => {
      if (attempt !== this.#attempt) return;
      if (error) return this.#refuse('unreachable');
      if (!answer.ok) return this.#refuse(answer.error.code);
      this.self = answer.self;
      this.#iceServers = answer.iceServers;
      this.#closeLinks();
      this.#dispatch({ type: 'joined', peers: answer.peers });
      // We are the newcomer: we offer to everyone already here.
      for (const peer of answer.peers) this.#link(peer.peerId, true);
      this.#startStats();
    });
  }

  #connect(): CallSocket {
    const socket = this.#deps.connect();
    this.#socket = socket;
    const ours = (id: string) => id === this.consultationId && this.#socket === socket;
    socket.on('connect', () => {
      // Back after the signalling dropped: a new socket is a new peer, so we join afresh.
      if (this.#state.phase === 'rejoining') this.#emitJoin(socket, ++this.#attempt);
    });
    socket.on('disconnect', (reason) => {
      if (this.#socket !== socket || this.#state.phase !== 'in-call') return;
      // The others drop our links when the server says we left; ours go too, and come back on rejoining.
      this.#closeLinks();
      this.#dispatch({ type: 'signalling-lost' });
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', () => {
      const waiting = this.#state.phase === 'joining' || this.#state.phase === 'rejoining';
      if (this.#socket === socket && waiting && !socket.active) this.#refuse('unreachable');
    });
    socket.on('consultation:peer-joined', ({ consultationId, peer }) => {
      if (ours(consultationId)) this.#dispatch({ type: 'peer-joined', peer });
    });
    socket.on('consultation:peer-left', ({ consultationId, peerId }) => {
      if (!ours(consultationId)) return;
      this.#unlink(peerId);
      this.#dispatch({ type: 'peer-left', peerId });
    });
    socket.on('consultation:signal', ({ consultationId, from, description, candidate }) => {
      if (!ours(consultationId) || this.#state.phase !== 'in-call') return;
      // Someone who joined after us offers first (the contract: those already in make no offer).
      const link = this.#links.get(from) ?? (description?.type === 'offer' ? this.#link(from, false) : undefined);
      const signal: SignalPayload = {};
      if (description) signal.description = description;
      if (candidate !== undefined) signal.candidate = candidate;
      if (link) void link.receive(signal);
    });
    socket.on('consultation:updated', ({ consultation }) => {
      if (ours(consultation.id) && consultation.status === 'cancelled' && this.#state.phase !== 'ended') this.#end('cancelled');
    });
    return socket;
  }

  #link(peerId: string, initiator: boolean): PeerLink | undefined {
    if (!this.self) return undefined;
    this.#unlink(peerId);
    const link: PeerLink = new PeerLink({
      polite: isPolite(this.self.peerId, peerId),
      initiator,
      iceServers: this.#iceServers,
      local: this.media?.stream ?? null,
      send: (signal) => this.#socket?.emit('consultation:signal', { consultationId: this.consultationId, to: peerId, ...signal }),
      // Called per track: the second (video after audio) changes what the tile shows, not the stream.
      onStream: (stream) => {
        if (this.#links.get(peerId) === link) this.#streams = { ...this.#streams, [peerId]: { stream, video: stream.getVideoTracks().length > 0 } };
      },
      onIceState: (state) => {
        if (this.#links.get(peerId) === link) this.#dispatch({ type: 'ice', peerId, state });
      },
      onError: (error) => this.#deps.onError(error),
    });
    this.#links.set(peerId, link);
    return link;
  }

  #unlink(peerId: string): void {
    this.#links.get(peerId)?.close();
    this.#links.delete(peerId);
    this.#counters.delete(peerId);
    if (peerId in this.#streams) this.#streams = without(this.#streams, peerId);
    if (peerId in this.#quality) this.#quality = without(this.#quality, peerId);
  }

  #closeLinks(): void {
    for (const peerId of [...this.#links.keys()]) this.#unlink(peerId);
    this.#streams = {};
    this.#quality = {};
  }

  #startStats(): void {
    this.#statsTimer ??= setInterval(() => void this.#sampleQuality(), STATS_INTERVAL_MS);
  }

  async #sampleQuality(): Promise<void> {
    const next: Record<string, Quality> = {};
    await Promise.all(
      [...this.#links].map(async ([peerId, link]) => {
        try {
          const report = await link.pc.getStats();
          const { sample, counters } = sampleStats(report.values(), this.#counters.get(peerId) ?? null);
          this.#counters.set(peerId, counters);
          next[peerId] = classifyQuality(sample);
        } catch {
          // A link closed while we asked: it is gone from the next sample too.
        }
      }),
    );
    this.#quality = Object.fromEntries(Object.entries(next).filter(([peerId]) => this.#links.has(peerId)));
  }

  #refuse(code: RefusalCode): void {
    this.#teardown();
    this.#dispatch({ type: 'refused', code });
  }

  #end(reason: 'left' | 'cancelled'): void {
    this.#teardown();
    this.#dispatch({ type: reason });
  }

  /** Closes every link, the signalling socket and the camera (its light goes off). */
  #teardown(): void {
    this.#attempt++;
    if (this.#statsTimer) clearInterval(this.#statsTimer);
    this.#statsTimer = null;
    this.#closeLinks();
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      if (socket.connected && this.#state.phase === 'in-call') socket.emit('consultation:leave', { consultationId: this.consultationId });
      socket.removeAllListeners();
      socket.disconnect();
    }
    stop(this.media?.stream ?? null);
    this.media = null;
    this.self = null;
  }

  leave(): void {
    this.#end('left');
  }

  toggleCamera(): void {
    this.cameraOn = !this.cameraOn;
    this.#applyToggles();
  }

  toggleMicrophone(): void {
    this.microphoneOn = !this.microphoneOn;
    this.#applyToggles();
  }

  // Muting keeps the tracks (and the negotiated connections): the others get black video or silence.
  #applyToggles(): void {
    const stream = this.media?.stream;
    for (const track of stream?.getVideoTracks() ?? []) track.enabled = this.cameraOn;
    for (const track of stream?.getAudioTracks() ?? []) track.enabled = this.microphoneOn;
  }

  /** When the page closes: leave without a trace. */
  dispose(): void {
    this.#teardown();
  }
}

function stop(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}
