import { connect as netConnect, type Socket } from 'node:net';
import { EndpointError, formatEndpoint, toEndpoint, type Endpoint } from './endpoint.js';
import { openSerialTransport } from './serial-transport.js';
import { SocketTransport } from './socket-transport.js';
import { ConnectError, systemErrorCode } from './transport-errors.js';
import type { Transport } from './transport.js';

export interface ConnectOptions {
  /** Gives up (ERR_CONNECT_TIMEOUT) after this long; default 10 s. */
  timeoutMs?: number;
  /** Aborting rejects with ERR_ABORTED and drops the half-open link. */
  signal?: AbortSignal;
  /** Serial only: how long the reset line(s) stay dropped (default 100 ms). */
  resetPulseMs?: number;
  /** Serial only: serialport's stock binding instead of the poll-safe one (measurements). */
  stockBinding?: boolean;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Opens a link to a tcp, unix or serial endpoint. Failures are ConnectError with a code. */
export async function connectTransport(
  endpoint: string | Endpoint,
  options: ConnectOptions = {},
): Promise<Transport> {
  const target = toEndpoint(endpoint);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (target.kind === 'serial') {
    return openSerialTransport(target, { ...options, timeoutMs });
  }
  const text = target.text || formatEndpoint(target);
  if (target.kind === 'tcp' && target.port === 0) {
    throw new EndpointError(text, 'port 0 can only be used for listening');
  }
  if (options.signal?.aborted)
    throw new ConnectError('ERR_ABORTED', `connecting to ${text} was aborted`);
  const socket =
    target.kind === 'tcp'
      ? netConnect({ host: target.host, port: target.port, noDelay: true })
      : netConnect({ path: target.path });
  await waitForConnect(socket, text, timeoutMs, options.signal);
  return new SocketTransport(socket, { kind: target.kind, endpoint: text });
}

function waitForConnect(
  socket: Socket,
  text: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanUp = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('connect', onConnect);
      socket.off('error', onError);
    };
    const fail = (error: ConnectError): void => {
      cleanUp();
      socket.destroy();
      reject(error);
    };
    const onConnect = (): void => {
      cleanUp();
      resolve();
    };
    const onError = (error: Error): void => {
      const code = systemErrorCode(error);
      if (code === 'ECONNREFUSED') {
        fail(
          new ConnectError('ERR_CONNECT_REFUSED', `connection refused by ${text}`, {
            cause: error,
          }),
        );
      } else if (code === 'ENOENT') {
        fail(
          new ConnectError('ERR_CONNECT_FAILED', `cannot connect to ${text}: no such socket file`, {
            cause: error,
          }),
        );
      } else {
        fail(
          new ConnectError('ERR_CONNECT_FAILED', `cannot connect to ${text}: ${error.message}`, {
            cause: error,
          }),
        );
      }
    };
    const onAbort = (): void =>
      fail(new ConnectError('ERR_ABORTED', `connecting to ${text} was aborted`));
    const timer = setTimeout(
      () =>
        fail(
          new ConnectError(
            'ERR_CONNECT_TIMEOUT',
            `could not connect to ${text} within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    socket.once('connect', onConnect);
    socket.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
