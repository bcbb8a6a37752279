import type { PeerMeasurement } from './peer-matrix.js';

/** The cell every other one is compared with. */
export const REFERENCE_CELL = 'ref->ref';

/**
 * A cell against ref->ref on the same case, both measured in this run. `rate` is
 * harness req/s over reference req/s (>= 1 is at least as fast); `p99` is harness p99 over
 * reference p99 (<= 1 is at least as good).
 */
export interface PeerRatio {
  cell: string;
  key: string;
  rate: number;
  p99: number;
}

export function peerRatios(measurements: PeerMeasurement[]): PeerRatio[] {
  const reference = new Map(
    measurements.filter((m) => m.cell === REFERENCE_CELL).map((m) => [m.key, m]),
  );
  const ratios: PeerRatio[] = [];
  for (const m of measurements) {
    const ref = reference.get(m.key);
    if (m.cell === REFERENCE_CELL || ref === undefined) continue;
    ratios.push({
      cell: m.cell,
      key: m.key,
      rate: round(m.perSecond / ref.perSecond),
      p99: round(m.p99us / ref.p99us),
    });
  }
  return ratios;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The recorded ratios file: `${cell} ${key}` -> { rate, p99 }. */
export type RecordedRatios = Record<string, { rate: number; p99: number }>;

export const ratioId = (ratio: { cell: string; key: string }): string =>
  `${ratio.cell} ${ratio.key}`;

/**
 * A ratio better than parity is recorded as parity: the gate is there to catch the harness
 * falling behind, and a lucky run must not make the next ordinary one look like a regression.
 */
export function toRecorded(ratios: PeerRatio[]): RecordedRatios {
  const recorded: RecordedRatios = {};
  for (const ratio of ratios) {
    recorded[ratioId(ratio)] = { rate: Math.min(1, ratio.rate), p99: Math.max(1, ratio.p99) };
  }
  return recorded;
}

/**
 * The CI rule: a ratio measured now fails only when it is less than half as good as the one
 * recorded in the repository (rate below half, p99 ratio above double). Ratios, never times:
 * the machine's speed cancels out, its noise mostly does.
 */
export function regressions(ratios: PeerRatio[], recorded: RecordedRatios): string[] {
  const failures: string[] = [];
  for (const ratio of ratios) {
    const was = recorded[ratioId(ratio)];
    if (was === undefined) continue;
    if (ratio.rate < was.rate / 2) {
      failures.push(`${ratioId(ratio)}: req/s ratio ${ratio.rate}x, recorded ${was.rate}x`);
    }
    if (ratio.p99 > was.p99 * 2) {
      failures.push(`${ratioId(ratio)}: p99 ratio ${ratio.p99}x, recorded ${was.p99}x`);
    }
  }
  return failures;
}
