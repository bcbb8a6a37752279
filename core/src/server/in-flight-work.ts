/** One piece of work a session waits for: a handler's promise, or an async onSubscribe hook. */
interface InFlight {
  /** Aborts the handler's signal, if it ever asked for one. */
  readonly abort: (reason: Error) => void;
  readonly done: Promise<void>;
}

/**
 * The asynchronous work a session has started and not seen settle: it counts against
 * maxInFlightPerSession, shutdown waits for it, and a session's end aborts it.
 */
export class InFlightWork {
  private readonly entries = new Set<InFlight>();

  get size(): number {
    return this.entries.size;
  }

  /** Counts `settled` (which must not reject) until it settles. */
  track(abort: (reason: Error) => void, settled: Promise<void>): void {
    const entry: InFlight = {
      abort,
      done: settled.finally(() => this.entries.delete(entry)),
    };
    this.entries.add(entry);
  }

  /** Resolves when every piece of work has settled, including any started meanwhile. */
  async whenDone(): Promise<void> {
    while (this.entries.size > 0) {
      await Promise.allSettled([...this.entries].map((entry) => entry.done));
    }
  }

  abortAll(reason: Error): void {
    for (const entry of this.entries) entry.abort(reason);
  }
}

/** Only a result with a `then` is waited for: a synchronous one is answered at once. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
