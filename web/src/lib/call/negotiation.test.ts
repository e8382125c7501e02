import { describe, expect, it } from 'vitest';
import { incoming, isPolite } from './negotiation';
import type { OfferContext } from './negotiation';

const base: OfferContext = { type: 'offer', polite: false, makingOffer: false, signalingState: 'stable', settingRemoteAnswerPending: false };

describe('perfect negotiation roles', () => {
  it('makes the peer with the larger id the polite one, and exactly one of any two', () => {
    expect(isPolite('zB7', 'aX1')).toBe(true);
    expect(isPolite('aX1', 'zB7')).toBe(false);
    const ids = ['Qm3x', 'qm3x', 'A0', '_x-1'];
    for (const a of ids) for (const b of ids) if (a !== b) expect(isPolite(a, b)).not.toBe(isPolite(b, a));
  });
});

describe('an incoming description', () => {
  it('is taken when we are stable and not offering', () => {
    expect(incoming(base)).toEqual({ collision: false, ignore: false });
  });

  it('collides with our own offer: the impolite peer ignores it', () => {
    expect(incoming({ ...base, makingOffer: true })).toEqual({ collision: true, ignore: true });
    expect(incoming({ ...base, signalingState: 'have-local-offer' })).toEqual({ collision: true, ignore: true });
  });

  it('collides with our own offer: the polite peer takes it (and rolls back)', () => {
    expect(incoming({ ...base, polite: true, signalingState: 'have-local-offer' })).toEqual({ collision: true, ignore: false });
  });

  it('is no collision while our remote answer is being applied', () => {
    expect(incoming({ ...base, signalingState: 'have-local-offer', settingRemoteAnswerPending: true })).toEqual({ collision: false, ignore: false });
  });

  it('never ignores an answer', () => {
    expect(incoming({ ...base, type: 'answer', signalingState: 'have-local-offer', makingOffer: true })).toEqual({ collision: false, ignore: false });
  });
});
