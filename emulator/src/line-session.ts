import { EventEmitter } from 'node:events';
import {
  type FramingRecovery,
  type Transport,
  type TransportKind,
  TransportClosedError,
} from '@nanorpc-sim/core';

/**
 * One device session on a serial line that stays open. A UART device that restarts loses its
 * session (subscriptions, partial frames) but not the wire: closing this view ends the session
 * and leaves the port open, so the emulator can start the next session on the same line.
 * When the port itself closes, the view closes too.
 */
export class LineSession extends EventEmitter implements Transport {
  readonly port: Transport;
  private ended = false;
  private readonly forwardData = (chunk: Uint8Array): void => {
    if (!this.ended) this.emit('data', chunk);
  };
  private readonly onPortClose = (error?: Error): void => this.end(error);

  constructor(port: Transport) {
    super();
    this.port = port;
    port.on('data', this.forwardData);
    port.once('close', this.onPortClose);
    if (port.closed) queueMicrotask(() => this.end());
  }

  get kind(): TransportKind {
    return this.port.kind;
  }

  get endpoint(): string {
    return this.port.endpoint;
  }

  get remote(): string {
    return this.port.remote;
  }

  get recovery(): FramingRecovery {
    return this.port.recovery;
  }

  get closed(): boolean {
    return this.ended;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.ended) {
      return Promise.reject(new TransportClosedError(`session on ${this.remote} has ended`));
    }
    return this.port.write(bytes);
  }

  /** Ends this session only; the port stays open. */
  close(): Promise<void> {
    this.end();
    return Promise.resolve();
  }

  private end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.port.off('data', this.forwardData);
    this.port.off('close', this.onPortClose);
    this.emit('close', error);
  }
}
