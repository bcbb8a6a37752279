import type { Socket } from 'node:net';
import { TransportBase } from './transport-base.js';
import { TransportClosedError, TransportError, errorMessage } from './transport-errors.js';
import type { FramingRecovery } from './transport.js';

export interface SocketTransportOptions {
  kind: 'tcp' | 'unix';
  /** The endpoint text this link came from. */
  endpoint: string;
  /** How long close() waits for the peer's FIN after ours before it drops the socket. */
  closeGraceMs?: number;
}

const DEFAULT_CLOSE_GRACE_MS = 1000;

/** A TCP or UNIX stream socket as a Transport: a bad frame ends the session. */
export class SocketTransport extends TransportBase {
  readonly kind: 'tcp' | 'unix';
  readonly recovery: FramingRecovery = 'close';
  private readonly socket: Socket;
  private readonly closeGraceMs: number;
  private socketError: Error | undefined;
  private closing: Promise<void> | undefined;
  private corked = false;

  constructor(socket: Socket, options: SocketTransportOptions) {
    super(options.endpoint, describeRemote(socket, options));
    this.kind = options.kind;
    this.socket = socket;
    this.closeGraceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    if (options.kind === 'tcp') socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => {
      this.socketError ??= new TransportError(
        'ERR_TRANSPORT_IO',
        `${this.kind} link ${this.remote}: ${error.message}`,
        { cause: error },
      );
    });
    socket.once('close', () => this.emitClose(this.socketError));
    if (socket.destroyed) queueMicrotask(() => this.emitClose(this.socketError));
  }

  get closed(): boolean {
    return this.socket.destroyed || this.closeReported;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed || this.closing || !this.socket.writable) {
      return Promise.reject(
        new TransportClosedError(`cannot write: ${this.kind} link ${this.remote} is closed`),
      );
    }
    // Frames written in one tick leave in one writev (one syscall) at the end of the tick: a
    // lone frame is not delayed, a burst of pipelined calls or answers is not one syscall each.
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (error) => {
        if (error) {
          reject(
            new TransportClosedError(
              `write failed: ${this.kind} link ${this.remote}: ${errorMessage(error)}`,
              {
                cause: error,
              },
            ),
          );
        } else resolve();
      });
    });
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  /** Sends our FIN after pending writes and waits for the peer's; drops the socket after a grace. */
  close(): Promise<void> {
    if (this.closeReported) return Promise.resolve();
    this.closing ??= new Promise<void>((resolve) => {
      const grace = setTimeout(() => this.socket.destroy(), this.closeGraceMs);
      this.once('close', () => {
        clearTimeout(grace);
        resolve();
      });
      if (!this.socket.destroyed) this.socket.end();
    });
    return this.closing;
  }
}

function describeRemote(socket: Socket, options: SocketTransportOptions): string {
  if (options.kind === 'unix') return options.endpoint.replace(/^unix:\/\//, '');
  const address = socket.remoteAddress ?? '?';
  const host = address.includes(':') ? `[${address}]` : address;
  return `${host}:${socket.remotePort ?? '?'}`;
}
