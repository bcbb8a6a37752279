import type { z } from 'zod';
import type { AckExpect } from '../format/expectation-schema.js';
import { optionalDurationMs } from '../format/duration.js';

/** An acknowledgement's expectation as planned (subscribe, unsubscribe): `within` in ms. */
export interface PlannedAckExpect {
  status?: z.infer<typeof AckExpect>['status'];
  message?: z.infer<typeof AckExpect>['message'];
  withinMs?: number | undefined;
}

export function planAckExpectation(
  input: z.infer<typeof AckExpect> | undefined,
): PlannedAckExpect | undefined {
  if (input === undefined) return undefined;
  const { within, ...checks } = input;
  return { ...checks, withinMs: optionalDurationMs(within) };
}
