import { TimeoutError } from './client-errors.js';

/**
 * Pings after `intervalMs` without receiving a frame; a ping that gets no pong in time means
 * the link is dead and `onDead` closes it. One timer per connection, re-armed from the time
 * of the last frame received, so a busy link is never pinged.
 */
export class KeepAlive {
  readonly intervalMs: number;
  private readonly ping: (timeoutMs: number) => Promise<unknown>;
  private readonly onDead: (error: TimeoutError) => void;
  private readonly pingTimeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private running = false;
  private lastReceiveAt = 0;

  /** `pingTimeoutMs` is the time the ping gets (requestTimeoutMs, else the interval). */
  constructor(
    intervalMs: number,
    pingTimeoutMs: number,
    ping: (timeoutMs: number) => Promise<unknown>,
    onDead: (error: TimeoutError) => void,
  ) {
    this.intervalMs = intervalMs;
    this.pingTimeoutMs = pingTimeoutMs || intervalMs;
    this.ping = ping;
    this.onDead = onDead;
  }

  /** A frame arrived. */
  touch(): void {
    if (this.intervalMs !== 0) this.lastReceiveAt = performance.now();
  }

  start(): void {
    if (this.intervalMs === 0) return;
    this.running = true;
    this.lastReceiveAt = performance.now();
    this.arm();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    clearTimeout(this.timer);
    const due = Math.max(0, this.lastReceiveAt + this.intervalMs - performance.now());
    this.timer = setTimeout(this.onTimer, due);
    this.timer.unref();
  }

  private readonly onTimer = (): void => {
    if (!this.running || this.inFlight) return;
    if (performance.now() - this.lastReceiveAt < this.intervalMs) {
      this.arm();
      return;
    }
    this.inFlight = true;
    this.ping(this.pingTimeoutMs)
      .catch((error: unknown) => {
        if (error instanceof TimeoutError && this.running) {
          this.onDead(
            new TimeoutError('a keep-alive TYPE_PONG; closing the link', this.pingTimeoutMs),
          );
        }
      })
      .finally(() => {
        this.inFlight = false;
        if (this.running) this.arm();
      });
  };
}
