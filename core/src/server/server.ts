import { EventEmitter } from 'node:events';
import { NanoRpcError } from '../errors/nanorpc-error.js';
import type { Endpoint } from '../transport/endpoint.js';
import { listenTransport } from '../transport/listen.js';
import type { Transport, TransportListener } from '../transport/transport.js';
import { HandlerRegistry } from './handler-registry.js';
import type { RequestHandler, TopicOptions } from './request-context.js';
import {
  resolveServerOptions,
  type ResolvedServerOptions,
  type ServerOptions,
} from './server-options.js';
import { Session, type SessionHost } from './session.js';

export type { RequestContext, RequestHandler, TopicOptions } from './request-context.js';
export type { ServerLogger, ServerOptions } from './server-options.js';
export { Session } from './session.js';

export type ServerEvents = {
  session: [session: Session];
  'session-closed': [session: Session, error?: Error];
  'frame-error': [session: Session, error: Error, hexPreview: string];
  /** A connection closed at once because maxSessions were open. */
  'session-refused': [remote: string];
};

/** The server is closing or closed: no new listeners or sessions. */
export class ServerClosedError extends NanoRpcError {
  declare readonly code: 'ERR_SERVER_CLOSED';

  constructor() {
    super('ERR_SERVER_CLOSED', 'the server is closing or closed');
  }
}

/** publish() to a path that no topic() registered. */
export class UnknownTopicError extends NanoRpcError {
  declare readonly code: 'ERR_UNKNOWN_TOPIC';

  constructor(path: string) {
    super('ERR_UNKNOWN_TOPIC', `no topic registered for path ${path}`);
  }
}

/** Time handlers get to answer once shutdown begins, unless close() says otherwise. */
const DEFAULT_SHUTDOWN_DEADLINE_MS = 5000;
/** After the deadline aborts their signals, handlers get this long to answer with an error. */
const ABORT_GRACE_MS = 100;
/** Longest wait for queued answers to reach the transport before a session is closed. */
const FLUSH_TIMEOUT_MS = 1000;

/**
 * A NanoRPC server: handlers and topics by path, one Session per connection, over any number
 * of endpoints (TCP, UNIX socket, serial line) or transports attached by the caller.
 */
export class NanoRpcServer extends EventEmitter<ServerEvents> implements SessionHost {
  readonly options: ResolvedServerOptions;
  readonly registry = new HandlerRegistry();
  private readonly liveSessions = new Map<number, Session>();
  private readonly transportListeners = new Set<TransportListener>();
  private nextSessionId = 1;
  private closing: Promise<void> | undefined;

  constructor(options: ServerOptions = {}) {
    super();
    this.options = resolveServerOptions(options);
  }

  get sessions(): ReadonlyMap<number, Session> {
    return this.liveSessions;
  }

  get shuttingDown(): boolean {
    return this.closing !== undefined;
  }

  /** Addresses of the endpoints listened on (ports resolved). */
  get addresses(): string[] {
    return [...this.transportListeners].map((listener) => listener.address);
  }

  /** Registers a request handler and its path hash; HashCollisionError on a collision. */
  handle(path: string, handler: RequestHandler): this {
    this.registry.addHandler(path, handler);
    return this;
  }

  /** Registers a subscribable path and its hash. */
  topic(path: string, options: TopicOptions = {}): this {
    this.registry.addTopic(path, options);
    return this;
  }

  /**
   * Queues an update for every subscriber of `path` whose filter accepts `data`, synchronously
   * (so a handler that publishes and then returns sends the updates before its answer).
   * Returns the number of updates queued.
   */
  publish(path: string, data: Uint8Array): number {
    const topic = this.registry.topicFor(path);
    if (topic === undefined) throw new UnknownTopicError(path);
    return topic.publish(data, (error) =>
      this.warn(
        `filter of topic ${path} threw: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  /** Subscribers of `path` over all sessions. */
  subscriberCount(path: string): number {
    return this.registry.topicFor(path)?.subscriberCount ?? 0;
  }

  /** Serves a transport that is already open. */
  attach(transport: Transport): Session {
    if (this.shuttingDown) throw new ServerClosedError();
    const session = new Session(this.nextSessionId++, transport, this);
    this.liveSessions.set(session.id, session);
    session.once('close', (error?: Error) => {
      this.liveSessions.delete(session.id);
      this.info(
        `session #${session.id} (${session.remote}) closed${error ? `: ${error.message}` : ''}`,
      );
      if (error === undefined) this.emit('session-closed', session);
      else this.emit('session-closed', session, error);
    });
    this.info(`session #${session.id} opened from ${session.remote}`);
    this.emit('session', session);
    return session;
  }

  /** Accepts sessions on an endpoint (call it once per endpoint). */
  async listen(endpoint: string | Endpoint): Promise<TransportListener> {
    if (this.shuttingDown) throw new ServerClosedError();
    const listener = await listenTransport(endpoint, (transport: Transport) => {
      if (this.shuttingDown) {
        void transport.close();
        return;
      }
      if (this.liveSessions.size >= this.options.maxSessions) {
        this.warn(
          `refused a connection from ${transport.remote}: ${this.liveSessions.size} sessions open (maxSessions ${this.options.maxSessions})`,
        );
        this.emit('session-refused', transport.remote);
        void transport.close();
        return;
      }
      this.attach(transport);
    });
    if (this.shuttingDown) {
      await listener.close();
      throw new ServerClosedError();
    }
    this.transportListeners.add(listener);
    this.info(`listening on ${listener.address}`);
    return listener;
  }

  /**
   * Graceful shutdown: stop accepting, refuse new requests (STATUS_INTERNAL_ERROR "server is
   * shutting down"), let running handlers answer within `deadlineMs` (then abort their signals),
   * flush the answers, and close every session.
   */
  close(options: { deadlineMs?: number } = {}): Promise<void> {
    this.closing ??= this.shutDown(options.deadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS);
    return this.closing;
  }

  /** Ends every session at once, as a device reboot does; the server keeps listening. */
  async closeAllSessions(): Promise<void> {
    await Promise.allSettled([...this.liveSessions.values()].map((session) => session.close()));
  }

  // SessionHost -----------------------------------------------------------------------------

  reportFrameError(session: Session, error: Error, preview: string): void {
    this.warn(
      `session #${session.id} (${session.remote}): invalid frame: ${error.message}; bytes: ${preview}`,
    );
    this.emit('frame-error', session, error, preview);
  }

  warn(message: string): void {
    this.options.logger.warn(message);
  }

  info(message: string): void {
    this.options.logger.info(message);
  }

  // -----------------------------------------------------------------------------------------

  private async shutDown(deadlineMs: number): Promise<void> {
    await Promise.allSettled([...this.transportListeners].map((listener) => listener.close()));
    this.transportListeners.clear();
    const sessions = [...this.liveSessions.values()];
    const handlersDone = Promise.allSettled(sessions.map((session) => session.whenHandlersDone()));
    if (!(await settlesWithin(handlersDone, deadlineMs))) {
      this.warn(`shutdown: handlers still running after ${deadlineMs} ms; aborting them`);
      const reason = new ServerClosedError();
      for (const session of sessions) session.abortHandlers(reason);
      await settlesWithin(handlersDone, ABORT_GRACE_MS);
    }
    await Promise.allSettled(sessions.map((session) => session.flush(FLUSH_TIMEOUT_MS)));
    await this.closeAllSessions();
  }
}

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
