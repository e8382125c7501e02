import { describe, expect, it } from 'vitest';
import type { CallPeer } from '@naer/shared/realtime';
import { INITIAL_CALL, callStatus, nextLink, reduceCall } from './call-state';
import type { CallEvent, CallState } from './call-state';

const peer = (peerId: string, displayName = `Person ${peerId}`): CallPeer => ({ peerId, userId: `user-${peerId}`, displayName, role: 'clinician' });
const run = (...events: CallEvent[]): CallState => events.reduce(reduceCall, INITIAL_CALL);

describe('call state', () => {
  it('is joining until the server answers the join', () => {
    expect(callStatus(run({ type: 'join' }))).toBe('joining');
  });

  it('waits for the others when nobody else is in the call', () => {
    expect(callStatus(run({ type: 'join' }, { type: 'joined', peers: [] }))).toBe('waiting');
  });

  it('is connected once a link to someone is up', () => {
    const state = run({ type: 'join' }, { type: 'joined', peers: [peer('a')] }, { type: 'ice', peerId: 'a', state: 'connected' });
    expect(callStatus(state)).toBe('connected');
    expect(state.peers).toEqual([expect.objectContaining({ peerId: 'a', link: 'connected' })]);
  });

  it('is still joining while the links to those present are negotiated', () => {
    expect(callStatus(run({ type: 'join' }, { type: 'joined', peers: [peer('a')] }, { type: 'ice', peerId: 'a', state: 'checking' }))).toBe('joining');
  });

  it('reconnects when a link that was up drops, and stays reconnecting while ICE restarts', () => {
    const dropped = run({ type: 'join' }, { type: 'joined', peers: [peer('a')] }, { type: 'ice', peerId: 'a', state: 'connected' }, { type: 'ice', peerId: 'a', state: 'disconnected' });
    expect(callStatus(dropped)).toBe('reconnecting');
    const restarting = reduceCall(dropped, { type: 'ice', peerId: 'a', state: 'checking' });
    expect(callStatus(restarting)).toBe('reconnecting');
    expect(callStatus(reduceCall(restarting, { type: 'ice', peerId: 'a', state: 'completed' }))).toBe('connected');
  });

  it('adds a newcomer once and drops whoever leaves', () => {
    const state = run({ type: 'join' }, { type: 'joined', peers: [peer('a')] }, { type: 'peer-joined', peer: peer('b') }, { type: 'peer-joined', peer: peer('b', 'Mette') });
    expect(state.peers.map((p) => [p.peerId, p.displayName])).toEqual([['a', 'Person a'], ['b', 'Mette']]);
    const after = reduceCall(state, { type: 'peer-left', peerId: 'a' });
    expect(after.peers.map((p) => p.peerId)).toEqual(['b']);
  });

  it('goes back to waiting when the last other person leaves', () => {
    expect(callStatus(run({ type: 'join' }, { type: 'joined', peers: [peer('a')] }, { type: 'peer-left', peerId: 'a' }))).toBe('waiting');
  });

  it('ignores peers and link changes that arrive after leaving', () => {
    const left = run({ type: 'join' }, { type: 'joined', peers: [peer('a')] }, { type: 'left' });
    const late = [{ type: 'peer-joined', peer: peer('b') }, { type: 'ice', peerId: 'a', state: 'connected' }, { type: 'peer-left', peerId: 'a' }] as const;
    expect(late.reduce(reduceCall, left)).toEqual(left);
    expect(callStatus(left)).toBe('ended');
  });

  it('keeps the refusal code for the page to explain', () => {
    const state = run({ type: 'join' }, { type: 'refused', code: 'forbidden' });
    expect(callStatus(state)).toBe('refused');
    expect(state.refusal).toBe('forbidden');
  });

  it('reconnects when the signalling drops, and starts afresh with the peers of the new join', () => {
    const lost = run({ type: 'join' }, { type: 'joined', peers: [peer('a')] }, { type: 'signalling-lost' });
    expect(callStatus(lost)).toBe('reconnecting');
    const back = reduceCall(lost, { type: 'joined', peers: [peer('c')] });
    expect(back.peers).toEqual([expect.objectContaining({ peerId: 'c', link: 'connecting' })]);
  });

  it('rejoins after leaving', () => {
    const state = run({ type: 'join' }, { type: 'joined', peers: [] }, { type: 'left' }, { type: 'join' }, { type: 'joined', peers: [peer('a')] });
    expect(state.ended).toBeNull();
    expect(state.peers).toHaveLength(1);
  });

  it('ends with the reason when the consultation is cancelled', () => {
    const state = run({ type: 'join' }, { type: 'joined', peers: [peer('a')] }, { type: 'cancelled' });
    expect(callStatus(state)).toBe('ended');
    expect(state.ended).toBe('cancelled');
  });
});

describe('link state', () => {
  it('is connecting before it was ever up', () => {
    expect(nextLink('connecting', 'checking')).toBe('connecting');
  });

  it('is reconnecting on disconnected or failed', () => {
    expect(nextLink('connected', 'disconnected')).toBe('reconnecting');
    expect(nextLink('connecting', 'failed')).toBe('reconnecting');
  });
});
