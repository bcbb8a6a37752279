/**
 * The one duplex interface every transport implements (TCP, UNIX socket, serial line). The
 * client and server above it never know which one they run on; only `framing` differs, which
 * tells the framed connection whether to end the session on a bad frame (stream) or to drop
 * the partial frame and resynchronise (serial).
 */
export type TransportKind = 'tcp' | 'unix' | 'serial';

/** How a receiver recovers from an invalid frame: end the session, or resync the line. */
export type FramingRecovery = 'close' | 'resync';

export interface TransportEvents {
  /** Bytes received, in order. The chunk may be reused by no one: it is the receiver's. */
  data: (chunk: Uint8Array) => void;
  /** The link is gone (peer closed, cable pulled, close() called). Emitted exactly once. */
  close: (error?: Error) => void;
  /**
   * Something worth logging that is not a failure, e.g. "no modem lines" when a reset pulse
   * is asked for on a pseudo-terminal. Each notice is emitted once, and also kept in `notices`.
   */
  notice: (message: string) => void;
}

export interface Transport {
  readonly kind: TransportKind;
  /** The endpoint string this link was made from (for logs and traces). */
  readonly endpoint: string;
  /** Peer description for logs: an address, a socket path or a device path. */
  readonly remote: string;
  readonly recovery: FramingRecovery;
  readonly closed: boolean;
  /** Serial only: idle gap (ms) after which a partial frame is dropped, from the endpoint. */
  readonly resyncIdleMs?: number;
  /** Notices emitted so far (see the 'notice' event), for whoever attaches late. */
  readonly notices?: readonly string[];

  /**
   * Queues bytes for sending. Resolves once the bytes are handed to the OS (or the port has
   * drained them); rejects if the link closes first. Writes are sent in call order.
   */
  write(bytes: Uint8Array): Promise<void>;

  /** Closes the link; resolves when it is closed. Safe to call more than once. */
  close(): Promise<void>;

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this;
  once<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this;
  off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this;
}

/** Accepts links on an endpoint. A serial "listener" yields exactly one session on its port. */
export interface TransportListener {
  readonly endpoint: string;
  /** Where it actually listens, e.g. tcp://127.0.0.1:41234 once port 0 was resolved. */
  readonly address: string;
  /** Stops accepting; open transports are left to their owners. */
  close(): Promise<void>;
}
