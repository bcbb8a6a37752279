import { EventEmitter } from 'node:events';
import {
  type FramingRecovery,
  type Transport,
  type TransportKind,
  TransportClosedError,
} from '@nanorpc-sim/core';
import { type Clock, systemClock } from './clock.js';
import type { FaultController } from './fault-controller.js';
import { FrameBoundaries } from './frame-boundaries.js';
import { LinkThrottle } from './link-throttle.js';
import type { SeededRandom } from './seeded-random.js';

export interface FaultyTransportOptions {
  /** The link's own random stream (fork the run's seed per link). */
  random: SeededRandom;
  clock?: Clock;
  /**
   * False while the device cannot read (it is restarting): bytes that arrive then are lost,
   * as a resetting MCU reads nothing. Default: always reading.
   */
  reading?: () => boolean;
}

/** Bytes waiting to reach the inner transport. */
interface Pending {
  bytes: Uint8Array;
  deliverAt: number;
  /** The disconnect fault fires once these bytes are out. */
  thenDisconnect: boolean;
}

/** Statistics of what the faults did to this link (for tests and logs). */
export interface FaultyLinkStats {
  framesSent: number;
  bytesDropped: number;
  bytesCorrupted: number;
  disconnected: boolean;
}

/**
 * Wraps the device's side of one link and applies the run's transport faults to what the
 * device sends: lost and changed bytes, a throttled line, added latency and jitter, and a
 * disconnect after N frames. Bytes from the host pass through untouched. Bytes are delivered in
 * the order they were written, whatever the jitter, since a stream cannot reorder.
 *
 * `write` resolves once the bytes have left the throttle (at once without one): latency is
 * time in flight, which a real sender does not wait for.
 */
export class FaultyTransport extends EventEmitter implements Transport {
  readonly inner: Transport;
  readonly stats: FaultyLinkStats = {
    framesSent: 0,
    bytesDropped: 0,
    bytesCorrupted: 0,
    disconnected: false,
  };

  private readonly faults: FaultController;
  private readonly random: SeededRandom;
  private readonly clock: Clock;
  private readonly throttle = new LinkThrottle();
  private readonly boundaries = new FrameBoundaries();
  private readonly queue: Pending[] = [];
  /** Keeps deliveries in order whatever each write's delay. */
  private lastDeliverAt = Number.NEGATIVE_INFINITY;
  private cancelPump: (() => void) | undefined;
  /** Writes waiting for the throttle; rejected if the link closes first. */
  private readonly waiting = new Set<{ cancel: () => void; reject: (error: Error) => void }>();
  private closing = false;
  private innerClosed = false;
  private drained: (() => void) | undefined;

  constructor(inner: Transport, faults: FaultController, options: FaultyTransportOptions) {
    super();
    this.inner = inner;
    this.faults = faults;
    this.random = options.random;
    this.clock = options.clock ?? systemClock;
    const reading = options.reading;
    inner.on('data', (chunk) => {
      if (reading === undefined || reading()) this.emit('data', chunk);
    });
    inner.once('close', (error) => this.onInnerClose(error));
    this.innerClosed = inner.closed;
  }

  get kind(): TransportKind {
    return this.inner.kind;
  }

  get endpoint(): string {
    return this.inner.endpoint;
  }

  get remote(): string {
    return this.inner.remote;
  }

  get recovery(): FramingRecovery {
    return this.inner.recovery;
  }

  get closed(): boolean {
    return this.closing || this.innerClosed;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed || this.stats.disconnected) {
      return Promise.reject(new TransportClosedError(`link ${this.remote} is closed`));
    }
    const settings = this.faults.settings;
    const now = this.clock.now();

    // Count frames on the device's pristine output, so the disconnect fault counts frames
    // even when the bytes are then damaged.
    let payload = bytes;
    let thenDisconnect = false;
    for (const end of this.boundaries.push(bytes)) {
      this.stats.framesSent++;
      if (
        settings.disconnectAfter !== undefined &&
        this.stats.framesSent >= settings.disconnectAfter
      ) {
        payload = bytes.subarray(0, end);
        thenDisconnect = true;
        this.stats.disconnected = true;
        break;
      }
    }
    // Lost bytes still took their time on the line.
    const lineBytes = payload.length;
    payload = this.damage(payload, settings.drop, settings.corrupt);

    if (
      !thenDisconnect &&
      this.queue.length === 0 &&
      settings.baud === undefined &&
      settings.latencyMs === 0 &&
      settings.jitterMs === 0 &&
      this.lastDeliverAt <= now
    ) {
      return payload.length === 0 ? Promise.resolve() : this.inner.write(payload);
    }

    const delay = this.delayFor(settings.latencyMs, settings.jitterMs);
    const leavesAt =
      settings.baud === undefined
        ? now
        : this.throttle.schedule(now, lineBytes, settings.baud).finishAt;
    this.lastDeliverAt = Math.max(this.lastDeliverAt, leavesAt + delay);
    this.queue.push({ bytes: payload, deliverAt: this.lastDeliverAt, thenDisconnect });
    this.pump();
    return this.waitUntil(leavesAt);
  }

  /** Closes after the bytes already written have been delivered, as a socket end() would. */
  close(): Promise<void> {
    if (this.innerClosed) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.inner.once('close', () => resolve()));
    if (!this.closing) {
      this.closing = true;
      if (this.queue.length === 0) void this.inner.close();
      else this.drained = () => void this.inner.close();
    }
    return closed;
  }

  /** Closes at once, dropping bytes not yet delivered. */
  destroy(): Promise<void> {
    this.queue.length = 0;
    this.cancelPump?.();
    this.cancelPump = undefined;
    this.closing = true;
    return this.inner.close();
  }

  private delayFor(latencyMs: number, jitterMs: number): number {
    if (jitterMs === 0) return latencyMs;
    return Math.max(0, latencyMs + (this.random.next() * 2 - 1) * jitterMs);
  }

  /** Applies byte loss and corruption; returns `bytes` itself when neither is on. */
  private damage(bytes: Uint8Array, drop: number, corrupt: number): Uint8Array {
    if (drop === 0 && corrupt === 0) return bytes;
    const out = new Uint8Array(bytes.length);
    let length = 0;
    for (const byte of bytes) {
      if (this.random.chance(drop)) {
        this.stats.bytesDropped++;
        continue;
      }
      if (this.random.chance(corrupt)) {
        // XOR with a non-zero mask, so the byte always changes.
        out[length++] = byte ^ this.random.integer(1, 255);
        this.stats.bytesCorrupted++;
      } else {
        out[length++] = byte;
      }
    }
    return out.subarray(0, length);
  }

  private pump(): void {
    this.cancelPump?.();
    this.cancelPump = undefined;
    const now = this.clock.now();
    while (this.queue.length > 0 && (this.queue[0] as Pending).deliverAt <= now) {
      const next = this.queue.shift() as Pending;
      if (next.bytes.length > 0) this.inner.write(next.bytes).catch(() => undefined);
      if (next.thenDisconnect) {
        this.queue.length = 0;
        void this.inner.close();
        return;
      }
    }
    const head = this.queue[0];
    if (head) {
      this.cancelPump = this.clock.setTimer(() => this.pump(), head.deliverAt - now);
    } else if (this.drained) {
      const drained = this.drained;
      this.drained = undefined;
      drained();
    }
  }

  private waitUntil(time: number): Promise<void> {
    const delay = time - this.clock.now();
    if (delay <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: { cancel: () => void; reject: (error: Error) => void } = {
        cancel: () => undefined,
        reject,
      };
      waiter.cancel = this.clock.setTimer(() => {
        this.waiting.delete(waiter);
        resolve();
      }, delay);
      this.waiting.add(waiter);
    });
  }

  private onInnerClose(error?: Error): void {
    this.innerClosed = true;
    this.queue.length = 0;
    this.cancelPump?.();
    this.cancelPump = undefined;
    for (const waiter of this.waiting) {
      waiter.cancel();
      waiter.reject(new TransportClosedError(`link ${this.remote} closed before the bytes left`));
    }
    this.waiting.clear();
    this.emit('close', error);
  }
}
