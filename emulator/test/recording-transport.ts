import { EventEmitter } from 'node:events';
import type { Transport } from '@nanorpc-sim/core';

/**
 * The inner transport in unit tests of the fault decorator: records what reaches it, with the
 * time, and lets the test play the host's side (incoming bytes, a peer close).
 */
export class RecordingTransport extends EventEmitter implements Transport {
  readonly kind = 'tcp' as const;
  readonly endpoint = 'tcp://test:1';
  readonly remote = 'test-peer';
  readonly recovery = 'close' as const;
  closed = false;
  readonly writes: { at: number; bytes: Uint8Array }[] = [];
  private readonly now: () => number;

  constructor(now: () => number) {
    super();
    this.now = now;
  }

  /** Everything written so far, joined. */
  get received(): Uint8Array {
    return Uint8Array.from(this.writes.flatMap((write) => [...write.bytes]));
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('closed'));
    this.writes.push({ at: this.now(), bytes: Uint8Array.from(bytes) });
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.emit('close');
    }
    return Promise.resolve();
  }

  /** The host sends bytes to the device. */
  receive(bytes: Uint8Array): void {
    this.emit('data', bytes);
  }
}
