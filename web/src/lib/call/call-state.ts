import type { CallPeer } from '@naer/shared/realtime';

/** What the person in the call reads: one of these, with its text in `call.status.*`. */
export type CallStatus = 'joining' | 'waiting' | 'connected' | 'reconnecting' | 'ended' | 'refused';

/** One media link to one peer, from its ICE connection state. */
export type LinkState = 'connecting' | 'connected' | 'reconnecting';

/** Why the call would not let us in: the server's codes, and `unreachable` when it did not answer. */
export type RefusalCode = 'not_found' | 'forbidden' | 'cancelled' | 'full' | 'invalid' | 'unreachable';

export interface PeerState {
  peerId: string;
  displayName: string;
  role: CallPeer['role'];
  link: LinkState;
}

export interface CallState {
  phase: 'idle' | 'joining' | 'in-call' | 'rejoining' | 'ended' | 'refused';
  /** The others in the call, in the order they came. */
  peers: PeerState[];
  refusal: RefusalCode | null;
  ended: 'left' | 'cancelled' | null;
}

export type CallEvent =
  | { type: 'join' }
  | { type: 'joined'; peers: CallPeer[] }
  | { type: 'refused'; code: RefusalCode }
  | { type: 'peer-joined'; peer: CallPeer }
  | { type: 'peer-left'; peerId: string }
  | { type: 'ice'; peerId: string; state: RTCIceConnectionState }
  | { type: 'signalling-lost' }
  | { type: 'left' }
  | { type: 'cancelled' };

export const INITIAL_CALL: CallState = { phase: 'idle', peers: [], refusal: null, ended: null };

const fresh = (peer: CallPeer): PeerState => ({ peerId: peer.peerId, displayName: peer.displayName, role: peer.role, link: 'connecting' });

/** A link that was up and dropped is reconnecting until it is up again, even while ICE checks anew. */
export function nextLink(current: LinkState, ice: RTCIceConnectionState): LinkState {
  switch (ice) {
    case 'connected':
    case 'completed':
      return 'connected';
    case 'disconnected':
    case 'failed':
      return 'reconnecting';
    case 'new':
    case 'checking':
    case 'closed':
      return current === 'connecting' ? 'connecting' : 'reconnecting';
  }
}

/** The call's state after one event; events about peers outside a live call are ignored (they arrive late). */
export function reduceCall(state: CallState, event: CallEvent): CallState {
  const live = state.phase === 'in-call';
  switch (event.type) {
    case 'join':
      return { phase: 'joining', peers: [], refusal: null, ended: null };
    case 'joined':
      return { phase: 'in-call', peers: event.peers.map(fresh), refusal: null, ended: null };
    case 'refused':
      return { phase: 'refused', peers: [], refusal: event.code, ended: null };
    case 'peer-joined': {
      if (!live) return state;
      const known = state.peers.find((p) => p.peerId === event.peer.peerId);
      const peer = known ? { ...known, displayName: event.peer.displayName, role: event.peer.role } : fresh(event.peer);
      return { ...state, peers: known ? state.peers.map((p) => (p.peerId === peer.peerId ? peer : p)) : [...state.peers, peer] };
    }
    case 'peer-left':
      return live ? { ...state, peers: state.peers.filter((p) => p.peerId !== event.peerId) } : state;
    case 'ice':
      if (!live) return state;
      return { ...state, peers: state.peers.map((p) => (p.peerId === event.peerId ? { ...p, link: nextLink(p.link, event.state) } : p)) };
    case 'signalling-lost':
      return live ? { ...state, phase: 'rejoining', peers: state.peers.map((p) => ({ ...p, link: 'reconnecting' as const })) } : state;
    case 'left':
      return { phase: 'ended', peers: [], refusal: null, ended: 'left' };
    case 'cancelled':
      return { phase: 'ended', peers: [], refusal: null, ended: 'cancelled' };
  }
}

/** The one status the page announces. */
export function callStatus(state: CallState): CallStatus {
  switch (state.phase) {
    case 'idle':
    case 'joining':
      return 'joining';
    case 'refused':
      return 'refused';
    case 'ended':
      return 'ended';
    case 'rejoining':
      return 'reconnecting';
    case 'in-call':
      if (state.peers.length === 0) return 'waiting';
      if (state.peers.some((p) => p.link === 'reconnecting')) return 'reconnecting';
      if (state.peers.some((p) => p.link === 'connected')) return 'connected';
      return 'joining';
  }
}
