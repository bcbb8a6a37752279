/**
 * Accounts for every call the soak makes: each must end in exactly one outcome (a response, a
 * typed timeout, or a link error) within its deadline. Anything else is a violation.
 */
export type Outcome = 'response' | 'timeout' | 'link-error';

/** Codes that mean the link went away under the call (corruption closes a stream session). */
const LINK_ERROR_CODES = new Set([
  'ERR_CONNECTION_LOST',
  'ERR_NOT_CONNECTED',
  'ERR_QUEUE_FULL',
  'ERR_RECONNECT_FAILED',
  'ERR_TRANSPORT_CLOSED',
  'ERR_TRANSPORT_IO',
  'ERR_CLIENT_CLOSED',
]);

export class CallLedger {
  readonly outcomes: Record<Outcome, number> = { response: 0, timeout: 0, 'link-error': 0 };
  /** Link errors by error code (which way the link failed the call). */
  readonly linkErrors: Record<string, number> = {};
  /** The first message of each link error code, to tell what failed. */
  readonly linkErrorExamples: Record<string, string> = {};
  /** Calls started while the client was not connected (they wait in its queue, or fail). */
  startedLinkDown = 0;
  /** Of those, the ones that ended in a link error. */
  startedLinkDownLinkErrors = 0;
  readonly violations: string[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  calls = 0;
  /** Longest time past its deadline a call took to settle, in ms. */
  worstOverrunMs = 0;

  /**
   * Tracks `call`, which must settle within `deadlineMs` plus `slackMs` (the timeout timer
   * runs on a shared, busy machine: slack is a correctness bound, not a performance one).
   * `linkDown`: the client was not connected when the call started.
   */
  track<T>(
    kind: string,
    deadlineMs: number,
    slackMs: number,
    call: Promise<T>,
    linkDown = false,
  ): Promise<T | undefined> {
    this.calls++;
    if (linkDown) this.startedLinkDown++;
    const started = performance.now();
    let settled = 0;
    const finish = (outcome: Outcome | undefined, detail: string): void => {
      settled++;
      if (settled > 1) this.violations.push(`${kind}: settled twice (${detail})`);
      if (linkDown && outcome === 'link-error') this.startedLinkDownLinkErrors++;
      const overrun = performance.now() - started - deadlineMs;
      this.worstOverrunMs = Math.max(this.worstOverrunMs, overrun);
      if (overrun > slackMs) {
        this.violations.push(
          `${kind}: ended ${Math.round(overrun)} ms after its deadline (${detail})`,
        );
      }
      if (outcome === undefined) this.violations.push(`${kind}: untyped outcome: ${detail}`);
      else this.outcomes[outcome]++;
    };
    const tracked = call.then(
      (value) => {
        finish('response', 'response');
        return value;
      },
      (error: unknown) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (code === 'ERR_TIMEOUT') finish('timeout', String(code));
        // A subscribe refused by a non-OK ack (e.g. a corrupted status byte) got its response.
        else if (code === 'ERR_STATUS') finish('response', String(code));
        else if (typeof code === 'string' && LINK_ERROR_CODES.has(code)) {
          this.linkErrors[code] = (this.linkErrors[code] ?? 0) + 1;
          this.linkErrorExamples[code] ??= error instanceof Error ? error.message : String(error);
          finish('link-error', code);
        } else
          finish(
            undefined,
            error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          );
        return undefined;
      },
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return tracked;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Waits for every call to settle, up to `limitMs`; returns how many are still pending. */
  async settle(limitMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, limitMs);
    });
    await Promise.race([Promise.allSettled([...this.pending]), limit]);
    clearTimeout(timer);
    return this.pending.size;
  }
}
