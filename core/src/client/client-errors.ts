import { NanoRpcError } from '../errors/nanorpc-error.js';

/** No answer within the time allowed; the message says what was awaited. */
export class TimeoutError extends NanoRpcError {
  declare readonly code: 'ERR_TIMEOUT';
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number) {
    super('ERR_TIMEOUT', `timed out after ${timeoutMs} ms waiting for ${what}`);
    this.timeoutMs = timeoutMs;
  }
}

/** The link dropped while the call was pending; it may or may not have reached the server. */
export class ConnectionLostError extends NanoRpcError {
  declare readonly code: 'ERR_CONNECTION_LOST';

  constructor(message = 'connection lost before an answer arrived', options?: ErrorOptions) {
    super('ERR_CONNECTION_LOST', message, options);
  }
}

/**
 * A call would have to wait (the client is disconnected, or `maxInFlight` calls are in flight)
 * and the queue of waiting requests is full.
 */
export class QueueFullError extends NanoRpcError {
  declare readonly code: 'ERR_QUEUE_FULL';
  readonly limit: number;

  constructor(limit: number) {
    super(
      'ERR_QUEUE_FULL',
      `request queue is full: ${limit} request(s) already wait for the connection or a free in-flight slot`,
    );
    this.limit = limit;
  }
}

/** The caller's AbortSignal fired; `cause` holds the signal's reason. */
export class AbortedError extends NanoRpcError {
  declare readonly code: 'ERR_ABORTED';

  constructor(what: string, reason?: unknown) {
    super(
      'ERR_ABORTED',
      `${what} was aborted`,
      reason === undefined ? undefined : { cause: reason },
    );
  }
}

/** close() was called: nothing more is sent or awaited. */
export class ClientClosedError extends NanoRpcError {
  declare readonly code: 'ERR_CLIENT_CLOSED';

  constructor(message = 'the client is closed') {
    super('ERR_CLIENT_CLOSED', message);
  }
}

/** A call was made before connect(), or after the link dropped with reconnection off or given up. */
export class NotConnectedError extends NanoRpcError {
  declare readonly code: 'ERR_NOT_CONNECTED';

  constructor(message = 'the client is not connected; call connect() first') {
    super('ERR_NOT_CONNECTED', message);
  }
}

/** Every correlation id is held by a pending call or a live subscription (2^31 - 1 of them). */
export class IdsExhaustedError extends NanoRpcError {
  declare readonly code: 'ERR_IDS_EXHAUSTED';

  constructor(count: number) {
    super('ERR_IDS_EXHAUSTED', `all ${count} request ids are in use`);
  }
}

/** Reconnection gave up after `attempts` failed attempts. */
export class ReconnectFailedError extends NanoRpcError {
  declare readonly code: 'ERR_RECONNECT_FAILED';
  readonly attempts: number;

  constructor(attempts: number, cause?: unknown) {
    super(
      'ERR_RECONNECT_FAILED',
      `gave up reconnecting after ${attempts} attempt(s)`,
      cause === undefined ? undefined : { cause },
    );
    this.attempts = attempts;
  }
}
