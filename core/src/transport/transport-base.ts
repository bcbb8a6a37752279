import { EventEmitter } from 'node:events';
import type { FramingRecovery, Transport, TransportKind } from './transport.js';

/**
 * Bookkeeping every transport shares: the close event fires exactly once (with the first
 * error seen), notices are both emitted and kept for late listeners, and bytes that arrive
 * before anyone listens for 'data' are held (not lost) until the first listener attaches.
 */
export abstract class TransportBase extends EventEmitter implements Transport {
  abstract readonly kind: TransportKind;
  abstract readonly recovery: FramingRecovery;
  readonly endpoint: string;
  readonly remote: string;
  private readonly noticeLog: string[] = [];
  private closeEmitted = false;
  private held: Uint8Array[] = [];

  protected constructor(endpoint: string, remote: string) {
    super();
    this.endpoint = endpoint;
    this.remote = remote;
    this.on('newListener', (event: string | symbol) => {
      if (event === 'data' && this.held.length > 0) queueMicrotask(() => this.releaseHeld());
    });
  }

  abstract get closed(): boolean;
  abstract write(bytes: Uint8Array): Promise<void>;
  abstract close(): Promise<void>;

  get notices(): readonly string[] {
    return this.noticeLog;
  }

  /** True once 'close' has been emitted. */
  protected get closeReported(): boolean {
    return this.closeEmitted;
  }

  /** Hands received bytes to the 'data' listeners, or holds them until there is one. */
  protected receive(chunk: Uint8Array): void {
    if (this.held.length === 0 && this.listenerCount('data') > 0) this.emit('data', chunk);
    else this.held.push(chunk);
  }

  private releaseHeld(): void {
    while (this.held.length > 0 && this.listenerCount('data') > 0) {
      this.emit('data', this.held.shift() as Uint8Array);
    }
  }

  protected emitClose(error?: Error): void {
    if (this.closeEmitted) return;
    this.closeEmitted = true;
    if (error) this.emit('close', error);
    else this.emit('close');
  }

  /**
   * Records a notice and emits it on the next turn of the event loop, so that a caller who
   * just received this transport from an `await` has attached its listeners by then.
   */
  protected notice(message: string): void {
    this.noticeLog.push(message);
    setImmediate(() => this.emit('notice', message));
  }
}
