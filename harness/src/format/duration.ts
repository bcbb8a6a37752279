import { z } from 'zod';

export const Duration = z
  .union([
    z.number().nonnegative(),
    z.string().regex(/^\d+(?:\.\d+)?\s*(?:ms|s|m)$/, 'expected a duration like 250ms, 2s or 1m'),
  ])
  .describe('milliseconds as a number, or text with a unit: 250ms, 2s, 1.5s, 1m');

export type DurationInput = z.infer<typeof Duration>;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** A validated duration (a number of ms, or text like 250ms / 2s / 1m) in milliseconds. */
export function durationMs(value: DurationInput): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)$/.exec(value.trim());
  if (match === null) throw new RangeError(`not a duration: ${value}`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

export function optionalDurationMs(value: DurationInput | undefined): number | undefined {
  return value === undefined ? undefined : durationMs(value);
}

/** For messages: 1500 -> "1.5 s", 250 -> "250 ms". */
export function formatDuration(ms: number): string {
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(3))} s`;
  return `${Math.round(ms)} ms`;
}
