import { StepFailure } from './step-failure.js';
import { formatDuration } from '../format/duration.js';

/**
 * Lets a step wait until some state it watches changes: the state's owner calls `notify()`
 * after each change (a frame arrived, the link dropped) and `until()` re-checks its condition.
 */
export class ChangeNotifier {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * Resolves with the first value `check` returns other than undefined. After `timeoutMs`
   * (when given) rejects with StepFailure "no <what> within <time>"; when `signal` aborts,
   * rejects with its reason.
   */
  until<T>(
    check: () => T | undefined,
    options: {
      what: string;
      timeoutMs?: number | undefined;
      signal: AbortSignal;
      /** When given, the timeout resolves with its value instead of failing. */
      onTimeout?: () => T;
    },
  ): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    const { signal, timeoutMs, what } = options;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal.removeEventListener('abort', onAbort);
      };
      const wake = (): void => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          finish();
          reject(error as Error);
          return;
        }
        if (value === undefined) return;
        finish();
        resolve(value);
      };
      const onAbort = (): void => {
        finish();
        reject(signal.reason as Error);
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      this.waiters.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          finish();
          if (options.onTimeout !== undefined) resolve(options.onTimeout());
          else reject(new StepFailure(`no ${what} within ${formatDuration(timeoutMs)}`));
        }, timeoutMs);
      }
    });
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
