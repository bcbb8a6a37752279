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
 * The ratios to record: per case, the worse of `previous` (the file, if any) and this run, so
 * that a few runs recorded one after the other keep the noise's worst; and a ratio better than
 * parity is recorded as parity. The gate is there to catch the harness falling behind, and a
 * lucky run must not make the next ordinary one look like a regression.
 */
export function toRecorded(ratios: PeerRatio[], previous: RecordedRatios = {}): RecordedRatios {
  const recorded: RecordedRatios = { ...previous };
  for (const ratio of ratios) {
    const was = previous[ratioId(ratio)] ?? { rate: 1, p99: 1 };
    recorded[ratioId(ratio)] = {
      rate: Math.min(was.rate, ratio.rate),
      p99: Math.max(was.p99, ratio.p99),
    };
  }
  return recorded;
}

/**
 * The CI rule: a req/s ratio measured now fails only when it is below half the one recorded in
 * the repository. Ratios, never times: the machine's speed cancels out. p99 ratios are not
 * gated: on a shared 2-core machine the p99 of a few hundred calls moves 3-10x between two
 * consecutive runs (the reference's own as much as ours), so a gate on it would fail at random.
 */
export function regressions(ratios: PeerRatio[], recorded: RecordedRatios): string[] {
  const failures: string[] = [];
  for (const ratio of ratios) {
    const was = recorded[ratioId(ratio)];
    if (was !== undefined && ratio.rate < was.rate / 2) {
      failures.push(`${ratioId(ratio)}: req/s ratio ${ratio.rate}x, recorded ${was.rate}x`);
    }
  }
  return failures;
}

/** p99 ratios more than twice the recorded one: printed, for a human to judge, not gated. */
export function p99Drifts(ratios: PeerRatio[], recorded: RecordedRatios): string[] {
  const drifts: string[] = [];
  for (const ratio of ratios) {
    const was = recorded[ratioId(ratio)];
    if (was !== undefined && ratio.p99 > was.p99 * 2) {
      drifts.push(`${ratioId(ratio)}: p99 ratio ${ratio.p99}x, recorded ${was.p99}x`);
    }
  }
  return drifts;
}
