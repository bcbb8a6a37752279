import { lstat, unlink } from 'node:fs/promises';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { formatEndpoint, toEndpoint, type Endpoint, type SerialEndpoint } from './endpoint.js';
import { openSerialTransport } from './serial-transport.js';
import { SocketTransport } from './socket-transport.js';
import { ListenError, errorMessage, systemErrorCode } from './transport-errors.js';
import type { Transport, TransportListener } from './transport.js';

export interface ListenOptions {
  /** Serial only: how long opening the port may take. */
  timeoutMs?: number;
  /** Serial only: how long the reset line(s) stay dropped (default 100 ms). */
  resetPulseMs?: number;
  /** Serial only: serialport's stock binding instead of the poll-safe one (measurements). */
  stockBinding?: boolean;
}

/**
 * Accepts links on an endpoint and hands each one to `onConnection`. tcp port 0 gets a port
 * from the OS (see `address`); a unix socket file left by a dead server is replaced, one held
 * by a live server is refused; a serial "listener" opens the port and yields one session.
 */
export async function listenTransport(
  endpoint: string | Endpoint,
  onConnection: (transport: Transport) => void,
  options: ListenOptions = {},
): Promise<TransportListener> {
  const target = toEndpoint(endpoint);
  const text = target.text || formatEndpoint(target);
  switch (target.kind) {
    case 'tcp': {
      const server = createServer({ noDelay: true });
      await startListening(server, text, (done) => server.listen(target.port, target.host, done));
      const bound = server.address();
      const port = typeof bound === 'object' && bound !== null ? bound.port : target.port;
      const address = formatEndpoint({ ...target, port });
      acceptSockets(server, (socket) =>
        onConnection(new SocketTransport(socket, { kind: 'tcp', endpoint: address })),
      );
      return new SocketListener(server, text, address);
    }
    case 'unix': {
      await removeStaleSocket(target.path, text);
      const server = createServer();
      await startListening(server, text, (done) => server.listen(target.path, done));
      acceptSockets(server, (socket) =>
        onConnection(new SocketTransport(socket, { kind: 'unix', endpoint: text })),
      );
      return new SocketListener(server, text, formatEndpoint(target));
    }
    case 'serial':
      return listenSerial(target, text, onConnection, options);
  }
}

class SocketListener implements TransportListener {
  readonly endpoint: string;
  readonly address: string;
  private readonly server: Server;
  private closing: Promise<void> | undefined;

  constructor(server: Server, endpoint: string, address: string) {
    this.server = server;
    this.endpoint = endpoint;
    this.address = address;
  }

  /** Stops accepting at once; connections already handed out stay open. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      // server.close()'s callback waits for every accepted connection to end, which is not
      // ours to wait for: the listening handle itself is closed by the time of the next turn.
      this.server.close();
      setImmediate(resolve);
    });
    return this.closing;
  }
}

function acceptSockets(server: Server, accept: (socket: Socket) => void): void {
  server.on('connection', accept);
  // An accept error (e.g. out of file descriptors) must not crash the process.
  server.on('error', () => {});
}

function startListening(
  server: Server,
  text: string,
  listen: (done: () => void) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      const code = systemErrorCode(error);
      reject(
        code === 'EADDRINUSE'
          ? new ListenError(
              'ERR_ADDRESS_IN_USE',
              `cannot listen on ${text}: address already in use`,
              { cause: error },
            )
          : new ListenError('ERR_LISTEN_FAILED', `cannot listen on ${text}: ${error.message}`, {
              cause: error,
            }),
      );
    };
    server.once('error', onError);
    listen(() => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** A socket file nobody answers on is left over from a crash: remove it. A live one: refuse. */
async function removeStaleSocket(path: string, text: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return;
    throw new ListenError('ERR_LISTEN_FAILED', `cannot listen on ${text}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  if (!isSocket) {
    throw new ListenError(
      'ERR_LISTEN_FAILED',
      `cannot listen on ${text}: ${path} exists and is not a socket`,
    );
  }
  const live = await new Promise<boolean>((resolve) => {
    const probe = netConnect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live) {
    throw new ListenError(
      'ERR_ADDRESS_IN_USE',
      `cannot listen on ${text}: a live server holds ${path}`,
    );
  }
  try {
    await unlink(path);
  } catch (error) {
    if (systemErrorCode(error) !== 'ENOENT') {
      throw new ListenError(
        'ERR_LISTEN_FAILED',
        `cannot remove stale socket ${path}: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}

async function listenSerial(
  endpoint: SerialEndpoint,
  text: string,
  onConnection: (transport: Transport) => void,
  options: ListenOptions,
): Promise<TransportListener> {
  const transport = await openSerialTransport(endpoint, options);
  onConnection(transport);
  return {
    endpoint: text,
    address: formatEndpoint(endpoint),
    // The one session belongs to whoever got it; there is nothing else to stop.
    close: () => Promise.resolve(),
  };
}
