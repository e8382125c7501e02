import { describe, expect, it } from 'vitest';
import { classifyQuality, sampleStats } from './call-quality';

describe('connection quality', () => {
  it('is good on a short round trip without loss', () => {
    expect(classifyQuality({ roundTripMs: 40, loss: 0 })).toBe('good');
  });

  it('is fair from 250 ms round trip or 2 % loss', () => {
    expect(classifyQuality({ roundTripMs: 250, loss: 0 })).toBe('fair');
    expect(classifyQuality({ roundTripMs: 40, loss: 0.02 })).toBe('fair');
  });

  it('is poor from 500 ms round trip or 8 % loss, whichever is worse', () => {
    expect(classifyQuality({ roundTripMs: 600, loss: 0 })).toBe('poor');
    expect(classifyQuality({ roundTripMs: 40, loss: 0.1 })).toBe('poor');
  });

  it('judges by the one number it has, and is unknown with none', () => {
    expect(classifyQuality({ roundTripMs: null, loss: 0.03 })).toBe('fair');
    expect(classifyQuality({ roundTripMs: 30, loss: null })).toBe('good');
    expect(classifyQuality({ roundTripMs: null, loss: null })).toBe('unknown');
  });
});

describe('reading getStats', () => {
  const report = (lost: number, received: number, rtt = 0.12) => [
    { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' },
    { id: 'CP0', type: 'candidate-pair', state: 'failed', nominated: false, currentRoundTripTime: 2 },
    { id: 'CP1', type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: rtt },
    { id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsLost: 0, packetsReceived: 900 },
    { id: 'IV', type: 'inbound-rtp', kind: 'video', packetsLost: lost, packetsReceived: received },
  ];

  it('takes the selected pair\u2019s round trip in milliseconds and no loss on the first sample', () => {
    const { sample, counters } = sampleStats(report(10, 1000), null);
    expect(sample).toEqual({ roundTripMs: 120, loss: null });
    expect(counters).toEqual({ lost: 10, received: 1000 });
  });

  it('judges loss on the video received since the previous sample only', () => {
    const { sample } = sampleStats(report(40, 1270), { lost: 10, received: 1000 });
    expect(sample.loss).toBeCloseTo(30 / 300);
    expect(classifyQuality(sample)).toBe('poor');
  });

  it('falls back to the audio when no video arrives', () => {
    const audioOnly = [{ id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsLost: 2, packetsReceived: 500 }, { id: 'IV', type: 'inbound-rtp', kind: 'video', packetsLost: 0, packetsReceived: 0 }];
    expect(sampleStats(audioOnly, { lost: 0, received: 300 }).sample).toEqual({ roundTripMs: null, loss: 2 / 202 });
  });

  it('skips the interval in which the counters restarted', () => {
    expect(sampleStats(report(0, 50), { lost: 10, received: 1000 }).sample.loss).toBeNull();
  });
});
