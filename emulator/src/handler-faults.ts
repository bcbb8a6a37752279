import type { RequestContext } from '@nanorpc-sim/core';
import type { FaultController } from './fault-controller.js';

/**
 * The handler faults of a run: requests to a slow path wait before their handler runs, and
 * requests to a silent path are never answered (the handler waits until its session ends).
 * Settings are read per request, so changes apply to the next request.
 */
export class HandlerFaults {
  private readonly faults: FaultController;
  /** Waits in progress, ended by cancelAll() when the emulator stops. */
  private readonly waits = new Set<(error: Error) => void>();

  constructor(faults: FaultController) {
    this.faults = faults;
  }

  /**
   * Runs before a handler; resolves when it may answer. Undefined when no fault applies to the
   * path, so the handler answers synchronously: with no fault set the layer costs nothing.
   */
  beforeRequest(ctx: RequestContext): Promise<void> | undefined {
    const settings = this.faults.settings;
    if (settings.silent.length > 0 && settings.silent.includes(ctx.path)) {
      return this.wait(Number.POSITIVE_INFINITY, ctx.signal);
    }
    const delayMs = settings.slow[ctx.path];
    if (delayMs !== undefined && delayMs > 0) return this.wait(delayMs, ctx.signal);
    return undefined;
  }

  /** Ends every wait (their requests fail, and no one is listening any more). */
  cancelAll(): void {
    const error = new Error('the emulator stopped');
    for (const cancel of [...this.waits]) cancel(error);
  }

  /** Waits `delayMs` (forever when infinite), or until `signal` aborts (then rejects). */
  private wait(delayMs: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(abortReason(signal));
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (error?: Error): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waits.delete(finish);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = (): void => finish(abortReason(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      this.waits.add(finish);
      if (Number.isFinite(delayMs)) timer = setTimeout(() => finish(), delayMs);
    });
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('request aborted');
}
