/** A per-peer cue from the link's statistics; `unknown` until there are numbers to judge. */
export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

export interface QualitySample {
  /** Round-trip time of the selected candidate pair, in milliseconds. */
  roundTripMs: number | null;
  /** Packets lost of those expected since the previous sample, 0–1. */
  loss: number | null;
}

/** Cumulative inbound counters, kept between samples to judge the last interval only. */
export interface InboundCounters {
  lost: number;
  received: number;
}

// Interactive speech degrades noticeably past ~250 ms round trip and a few percent loss (ITU-T G.114, G.1020).
const GOOD = { roundTripMs: 250, loss: 0.02 };
const POOR = { roundTripMs: 500, loss: 0.08 };

export function classifyQuality(sample: QualitySample): Quality {
  const { roundTripMs: rtt, loss } = sample;
  if (rtt === null && loss === null) return 'unknown';
  if ((rtt !== null && rtt >= POOR.roundTripMs) || (loss !== null && loss >= POOR.loss)) return 'poor';
  if ((rtt !== null && rtt >= GOOD.roundTripMs) || (loss !== null && loss >= GOOD.loss)) return 'fair';
  return 'good';
}

type Stat = Record<string, unknown> & { type?: unknown; id?: unknown };

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function selectedPair(stats: Stat[]): Stat | undefined {
  const transport = stats.find((s) => s.type === 'transport' && typeof s.selectedCandidatePairId === 'string');
  const byTransport = transport && stats.find((s) => s.id === transport.selectedCandidatePairId);
  return byTransport ?? stats.find((s) => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated === true);
}

/**
 * Reads one `getStats()` report (its values): round trip from the selected candidate pair, loss from
 * the inbound video (audio when no video arrives) since `previous`. Returns the counters for next time.
 */
export function sampleStats(report: Iterable<unknown>, previous: InboundCounters | null): { sample: QualitySample; counters: InboundCounters | null } {
  const stats = [...report].filter((s): s is Stat => typeof s === 'object' && s !== null);
  const rttSeconds = num(selectedPair(stats)?.currentRoundTripTime);
  const inbound = (kind: string) => stats.find((s) => s.type === 'inbound-rtp' && s.kind === kind && (num(s.packetsReceived) ?? 0) > 0);
  const rtp = inbound('video') ?? inbound('audio');
  const counters = rtp ? { lost: Math.max(0, num(rtp.packetsLost) ?? 0), received: num(rtp.packetsReceived) ?? 0 } : null;
  let loss: number | null = null;
  if (counters && previous) {
    const lost = counters.lost - previous.lost;
    const received = counters.received - previous.received;
    // A counter that went backwards is a new stream (after a restart): judge from the next interval.
    if (lost >= 0 && received >= 0 && lost + received > 0) loss = lost / (lost + received);
  }
  return { sample: { roundTripMs: rttSeconds === null ? null : rttSeconds * 1000, loss }, counters };
}
