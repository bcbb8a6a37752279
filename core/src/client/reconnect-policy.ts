import { z } from 'zod';

export const reconnectOptionsSchema = z
  .object({
    /** Wait before the first attempt. */
    initialDelayMs: z.number().int().min(0).default(100),
    /** Cap on any wait, jitter included. */
    maxDelayMs: z.number().int().min(0).default(5000),
    /** Growth of the wait from one attempt to the next. */
    multiplier: z.number().min(1).default(2),
    /** Spread as a fraction of the wait: 0.2 draws each wait within +-20% of its base. */
    jitter: z.number().min(0).max(1).default(0.2),
    /** Attempts before giving up; undefined = never give up. */
    maxAttempts: z.number().int().min(1).optional(),
  })
  .refine((o) => o.maxDelayMs >= o.initialDelayMs, {
    message: 'maxDelayMs must be at least initialDelayMs',
  });

export type ReconnectOptions = z.input<typeof reconnectOptionsSchema>;
export type ResolvedReconnectOptions = z.output<typeof reconnectOptionsSchema>;

/**
 * When to try again after the connection dropped: exponential backoff from `initialDelayMs`,
 * multiplied by `multiplier` per attempt, spread by `jitter` so that many clients restarted at
 * once do not reconnect in lockstep, and never above `maxDelayMs`.
 */
export class ReconnectPolicy {
  readonly options: ResolvedReconnectOptions;
  private readonly random: () => number;

  /** `random` returns a number in [0, 1); tests pass a fixed one. */
  constructor(options: ReconnectOptions = {}, random: () => number = Math.random) {
    this.options = reconnectOptionsSchema.parse(options);
    this.random = random;
  }

  /** Whether attempt number `attempt` (1 = first after the drop) may be made. */
  allows(attempt: number): boolean {
    const max = this.options.maxAttempts;
    return max === undefined || attempt <= max;
  }

  /** Wait before attempt `attempt` (1-based), in whole milliseconds. */
  delayFor(attempt: number): number {
    const { initialDelayMs, maxDelayMs, multiplier, jitter } = this.options;
    const exponent = Math.max(0, attempt - 1);
    // Capping before the jitter keeps late attempts spread instead of all pinned to the cap.
    const base = Math.min(maxDelayMs, initialDelayMs * multiplier ** exponent);
    const spread = base * jitter * (2 * this.random() - 1);
    return Math.round(Math.min(maxDelayMs, Math.max(0, base + spread)));
  }
}
