import { z } from 'zod';
import { Duration, optionalDurationMs, type DurationInput } from '../format/duration.js';

/** The spec of a step that only waits for an event: `{ within }`, or empty. */
export function withinSpec(description: string) {
  return z.strictObject({ within: Duration.optional() }).nullable().describe(description);
}

export interface WithinPlan {
  /** How long the event may take; undefined: the step limit alone bounds it. */
  withinMs?: number | undefined;
}

export function planWithin(input: { within?: DurationInput | undefined } | null): WithinPlan {
  return { withinMs: optionalDurationMs(input?.within) };
}
