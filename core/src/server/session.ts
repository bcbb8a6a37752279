import { EventEmitter } from 'node:events';
import { decodeRequest } from '../protocol/codec.js';
import {
  RequestType,
  ResponseType,
  Status,
  requestTypeName,
  type NanoRpcRequest,
} from '../protocol/messages.js';
import { FramedLink } from '../transport/framed-link.js';
import type { Transport } from '../transport/transport.js';
import type { HandlerRegistry, ResolvedPath } from './handler-registry.js';
import { hexPreview } from '../transport/hex-preview.js';
import { InFlightWork, isPromiseLike } from './in-flight-work.js';
import { createRequestContext, type RequestHandler, type SessionView } from './request-context.js';
import type { ResolvedServerOptions } from './server-options.js';
import {
  NO_HANDLER_MESSAGE,
  SHUTTING_DOWN_MESSAGE,
  TOO_MANY_IN_FLIGHT_MESSAGE,
} from './session-rules.js';
import { SessionSubscriptions } from './session-subscriptions.js';
import { SessionWriter } from './session-writer.js';
import type { UpdateSink } from './topic.js';
import type { UpdateFrame } from './update-frame.js';

export {
  NO_HANDLER_MESSAGE,
  SHUTTING_DOWN_MESSAGE,
  TOO_MANY_IN_FLIGHT_MESSAGE,
  TOO_MANY_SUBSCRIPTIONS_MESSAGE,
} from './session-rules.js';

/** What a session needs from the server that owns it. */
export interface SessionHost {
  readonly registry: HandlerRegistry;
  readonly options: ResolvedServerOptions;
  readonly shuttingDown: boolean;
  /** A frame that could not be read (framing, or a body that is not a NanoRPCRequest). */
  reportFrameError(session: Session, error: Error, preview: string): void;
  /** A topic filter predicate or a handler did something the log should hear about. */
  warn(message: string): void;
  info(message: string): void;
}

export type SessionEvents = {
  /** Once, when the link is gone and every subscription of the session removed. */
  close: [error?: Error];
};

/**
 * One client's conversation with the server over one FramedLink: answers pings, runs
 * handlers, keeps this session's subscriptions, and enforces the per-session limits.
 */
export class Session extends EventEmitter<SessionEvents> implements SessionView, UpdateSink {
  readonly id: number;
  readonly link: FramedLink;
  private readonly host: SessionHost;
  private readonly writer: SessionWriter;
  private readonly subscriptions: SessionSubscriptions;
  private readonly inFlight = new InFlightWork();
  /** Closes the session when a frame stays incomplete for readTimeoutMs (stream links). */
  private readTimer: NodeJS.Timeout | undefined;
  /** Frames received, and their count when readTimer was armed: a newer frame restarts it. */
  private framesReceived = 0;
  private framesAtReadTimer = 0;
  private ended = false;
  private closing: Promise<void> | undefined;
  /** Updates not queued because the session's write backlog was full. */
  droppedUpdates = 0;

  constructor(id: number, transport: Transport, host: SessionHost) {
    super();
    this.id = id;
    this.host = host;
    const { maxFrameSize, resyncIdleMs, trace, name } = host.options;
    this.link = new FramedLink(transport, {
      role: 'server',
      maxFrameSize,
      resyncIdleMs,
      id: `${name}#${id} ${transport.remote}`,
      ...(trace === undefined ? {} : { trace }),
    });
    this.writer = new SessionWriter(this.link, host, id, () => this.onBacklogFull());
    this.subscriptions = new SessionSubscriptions(this, host, this.writer, this.inFlight);
    this.link.on('frame', (body: Uint8Array) => this.onFrame(body));
    this.link.on('frame-error', (error: Error, preview: string) =>
      this.host.reportFrameError(this, error, preview),
    );
    this.link.on('close', (error?: Error) => this.onLinkClosed(error));
    if (this.link.closed) queueMicrotask(() => this.onLinkClosed(undefined));
    // Registered after the link's own listener: it sees the decoder after each chunk.
    if (transport.recovery === 'close' && host.options.readTimeoutMs > 0) {
      transport.on('data', this.watchPartialFrame);
    }
  }

  get transport(): Transport {
    return this.link.transport;
  }

  get remote(): string {
    return this.link.transport.remote;
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /** Handlers running now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Closes the link; in-flight handlers see their signal abort. */
  close(): Promise<void> {
    const closing = this.closing ?? this.link.close().then(() => this.onLinkClosed(undefined));
    this.closing = closing;
    return closing;
  }

  /** Resolves when every running handler has finished (answered or failed). */
  whenHandlersDone(): Promise<void> {
    return this.inFlight.whenDone();
  }

  /** Resolves when every queued write has reached the transport, or after `timeoutMs`. */
  flush(timeoutMs: number): Promise<void> {
    if (this.ended) return Promise.resolve();
    return this.writer.flush(timeoutMs);
  }

  /** Aborts the signals of running handlers (the shutdown deadline passed). */
  abortHandlers(reason: Error): void {
    this.inFlight.abortAll(reason);
  }

  /** Queues `update` for this session's subscriptions `ids` in one write; returns how many. */
  deliverUpdates(update: UpdateFrame, ids: readonly number[]): number {
    if (this.ended) return 0;
    const { maxQueuedWritesPerSession, maxFrameSize } = this.host.options;
    const pending = this.writer.pending;
    const accepted: number[] = [];
    for (const id of ids) {
      if (pending + accepted.length >= maxQueuedWritesPerSession) {
        // Updates are best effort: a subscriber that does not read loses updates, not memory.
        this.droppedUpdates++;
        continue;
      }
      const bodyLength = update.bodyLength(id);
      if (bodyLength > maxFrameSize) {
        this.host.warn(
          `session #${this.id}: update for id ${id} is ${bodyLength} bytes, over the maximum frame size; dropped`,
        );
        this.droppedUpdates++;
        continue;
      }
      accepted.push(id);
    }
    if (accepted.length > 0) this.writer.write(update.forIds(accepted), accepted.length);
    return accepted.length;
  }

  // ---------------------------------------------------------------------------------------

  private onFrame(body: Uint8Array): void {
    this.framesReceived++;
    if (this.ended) return;
    let request: NanoRpcRequest;
    try {
      request = decodeRequest(body);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.host.reportFrameError(this, failure, hexPreview(body));
      // As the reference does on a stream; a serial line drops the frame and goes on.
      if (this.transport.recovery === 'close') void this.close();
      return;
    }
    switch (request.requestType) {
      case RequestType.Ping:
        this.writer.respond(request.requestId, ResponseType.Pong, Status.Ok);
        return;
      case RequestType.Request:
        this.onRequest(request);
        return;
      case RequestType.Subscribe:
        this.subscriptions.subscribe(request);
        return;
      default:
        // The reference ignores TYPE_UNSPECIFIED and unknown types without an answer.
        this.host.info(
          `session #${this.id}: ignored ${requestTypeName(request.requestType)} (id ${request.requestId})`,
        );
    }
  }

  private onRequest(request: NanoRpcRequest): void {
    const id = request.requestId;
    const resolved = this.host.registry.resolve(request);
    if (this.subscriptions.unsubscribe(request, resolved)) return;
    const handler =
      resolved === undefined ? undefined : this.host.registry.handlerFor(resolved.path);
    if (resolved === undefined || handler === undefined) {
      this.writer.respond(id, ResponseType.Response, Status.NotFound, NO_HANDLER_MESSAGE);
      return;
    }
    if (this.host.shuttingDown) {
      this.writer.respond(id, ResponseType.Response, Status.InternalError, SHUTTING_DOWN_MESSAGE);
      return;
    }
    const limit = this.host.options.maxInFlightPerSession;
    if (this.inFlight.size >= limit) {
      const message = `${TOO_MANY_IN_FLIGHT_MESSAGE} (limit ${limit} per session)`;
      this.writer.respond(id, ResponseType.Response, Status.InternalError, message);
      return;
    }
    this.startHandler(handler, resolved, request);
  }

  private startHandler(
    handler: RequestHandler,
    resolved: NonNullable<ResolvedPath>,
    request: NanoRpcRequest,
  ): void {
    const { ctx, abort } = createRequestContext(this, resolved, request);
    let result: ReturnType<RequestHandler>;
    try {
      result = handler(ctx);
    } catch (error) {
      this.writer.respondFailure(request.requestId, error);
      return;
    }
    if (!isPromiseLike(result)) {
      // A synchronous handler answers at once: it never counts as in flight.
      this.writer.respondResult(ctx, result);
      return;
    }
    this.inFlight.track(
      abort,
      Promise.resolve(result).then(
        (data) => this.writer.respondResult(ctx, data),
        (error: unknown) => this.writer.respondFailure(request.requestId, error),
      ),
    );
  }

  /** An answer could not be queued: the peer sends without reading. */
  private onBacklogFull(): void {
    if (this.closing) return;
    this.host.warn(
      `session #${this.id} (${this.remote}): ${this.writer.pending} frames waiting to be written, the peer does not read; closing (maxWriteBacklogPerSession)`,
    );
    void this.close();
  }

  private readonly watchPartialFrame = (): void => {
    if (this.link.partialBytes === 0) {
      clearTimeout(this.readTimer);
      this.readTimer = undefined;
    } else if (
      (this.readTimer === undefined || this.framesReceived !== this.framesAtReadTimer) &&
      !this.ended
    ) {
      // The partial frame held now began in this chunk when a frame ended in it: time it anew.
      clearTimeout(this.readTimer);
      this.framesAtReadTimer = this.framesReceived;
      const limit = this.host.options.readTimeoutMs;
      this.readTimer = setTimeout(() => {
        this.readTimer = undefined;
        if (this.ended || this.link.partialBytes === 0) return;
        this.host.warn(
          `session #${this.id} (${this.remote}): frame incomplete for ${limit} ms (${this.link.partialBytes} byte(s) received); closing (readTimeoutMs)`,
        );
        void this.close();
      }, limit);
    }
  };

  private onLinkClosed(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    // First: from here on nothing is written, and flush() waiters are released.
    this.writer.stop();
    clearTimeout(this.readTimer);
    this.readTimer = undefined;
    this.link.transport.off('data', this.watchPartialFrame);
    this.subscriptions.clear();
    const reason = error ?? new Error(`session #${this.id} ended`);
    this.inFlight.abortAll(reason);
    if (error === undefined) this.emit('close');
    else this.emit('close', error);
  }
}
