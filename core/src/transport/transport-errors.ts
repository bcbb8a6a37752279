import { NanoRpcError } from '../errors/nanorpc-error.js';

/** Codes of the transport layer; each names one way a link can fail. */
export type TransportErrorCode =
  | 'ERR_TRANSPORT_CLOSED'
  | 'ERR_TRANSPORT_IO'
  | 'ERR_CONNECT_TIMEOUT'
  | 'ERR_CONNECT_REFUSED'
  | 'ERR_CONNECT_FAILED'
  | 'ERR_ABORTED'
  | 'ERR_ADDRESS_IN_USE'
  | 'ERR_LISTEN_FAILED';

export class TransportError extends NanoRpcError {
  declare readonly code: TransportErrorCode;

  constructor(code: TransportErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** A write (or any use) after the link has closed. */
export class TransportClosedError extends TransportError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_TRANSPORT_CLOSED', message, options);
  }
}

/** Opening a link failed: timeout, refused, aborted, or any other reason given in the message. */
export class ConnectError extends TransportError {
  constructor(
    code: 'ERR_CONNECT_TIMEOUT' | 'ERR_CONNECT_REFUSED' | 'ERR_CONNECT_FAILED' | 'ERR_ABORTED',
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

/** Listening on an endpoint failed. */
export class ListenError extends TransportError {
  constructor(
    code: 'ERR_ADDRESS_IN_USE' | 'ERR_LISTEN_FAILED',
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

/** The OS error code (`ECONNREFUSED`, ...) of a Node error, if it has one. */
export function systemErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
