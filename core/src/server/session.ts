import { EventEmitter } from 'node:events';
import { decodeRequest, encodeResponseFrame } from '../protocol/codec.js';
import {
  RequestType,
  ResponseType,
  Status,
  requestTypeName,
  type NanoRpcRequest,
} from '../protocol/messages.js';
import { varintSize } from '../protocol/varint.js';
import { FramedLink } from '../transport/framed-link.js';
import type { Transport } from '../transport/transport.js';
import type { HandlerRegistry, ResolvedPath } from './handler-registry.js';
import { hexPreview } from '../transport/hex-preview.js';
import {
  createRequestContext,
  type RequestContext,
  type RequestHandler,
  type SessionView,
  type TopicOptions,
} from './request-context.js';
import type { ResolvedServerOptions } from './server-options.js';
import { StatusError } from '../protocol/status-error.js';
import type { ServerSubscription, Topic, UpdateSink } from './topic.js';
import type { UpdateFrame } from './update-frame.js';

/*
 * Our rules where the reference leaves a point open (all answers are TYPE_RESPONSE):
 * - a subscription beyond maxSubscriptionsPerSession: STATUS_INTERNAL_ERROR
 *   "too many subscriptions (limit N per session)";
 * - a request beyond maxInFlightPerSession: STATUS_INTERNAL_ERROR "too many requests in flight
 *   (limit N per session)"; only handlers that return a promise count, a synchronous one
 *   answers at once; pings never count; an onSubscribe hook that returns a promise counts too
 *   (its ack waits for it, and shutdown waits for it like for a handler);
 * - TYPE_SUBSCRIBE with an id already live in the session: STATUS_INTERNAL_ERROR;
 * - any request or subscribe during shutdown: STATUS_INTERNAL_ERROR "server is shutting down";
 * - an answer over maxFrameSize: STATUS_INTERNAL_ERROR "response of N bytes exceeds the maximum
 *   frame size of M"; an update over it, or beyond the write backlog, is dropped (counted in
 *   droppedUpdates).
 */

/** The reference server's response_message for an unknown path; we send the same. */
export const NO_HANDLER_MESSAGE = 'no handler registered for path';
export const TOO_MANY_IN_FLIGHT_MESSAGE = 'too many requests in flight';
export const TOO_MANY_SUBSCRIPTIONS_MESSAGE = 'too many subscriptions';
export const SHUTTING_DOWN_MESSAGE = 'server is shutting down';

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

interface InFlight {
  /** Aborts the handler's signal, if it ever asked for one. */
  readonly abort: (reason: Error) => void;
  readonly done: Promise<void>;
}

const EMPTY = new Uint8Array(0);

/**
 * One client's conversation with the server over one FramedLink: answers pings, runs
 * handlers, keeps this session's subscriptions, and enforces the per-session limits.
 */
export class Session extends EventEmitter<SessionEvents> implements SessionView, UpdateSink {
  readonly id: number;
  readonly link: FramedLink;
  private readonly host: SessionHost;
  private readonly subscriptions = new Map<number, ServerSubscription>();
  /** Ids of subscribes whose asynchronous onSubscribe hook has not settled: reserved. */
  private readonly pendingSubscribes = new Set<number>();
  private readonly inFlight = new Set<InFlight>();
  private pendingWrites = 0;
  /** Closes the session when a frame stays incomplete for readTimeoutMs (stream links). */
  private readTimer: NodeJS.Timeout | undefined;
  private drainWaiters: (() => void)[] = [];
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
  async whenHandlersDone(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight].map((entry) => entry.done));
    }
  }

  /** Resolves when every queued write has reached the transport, or after `timeoutMs`. */
  flush(timeoutMs: number): Promise<void> {
    if (this.pendingWrites === 0 || this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.drainWaiters.push(done);
    });
  }

  /** Aborts the signals of running handlers (the shutdown deadline passed). */
  abortHandlers(reason: Error): void {
    for (const entry of this.inFlight) entry.abort(reason);
  }

  // ---------------------------------------------------------------------------------------

  private onFrame(body: Uint8Array): void {
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
        this.respond(request.requestId, ResponseType.Pong, Status.Ok);
        return;
      case RequestType.Request:
        this.onRequest(request);
        return;
      case RequestType.Subscribe:
        this.onSubscribe(request);
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
    const subscription = this.subscriptions.get(id);
    if (
      subscription !== undefined &&
      resolved?.path === subscription.topic.path &&
      request.data.length === 0
    ) {
      this.removeSubscription(subscription);
      this.respond(id, ResponseType.Response, Status.Ok);
      return;
    }
    const handler =
      resolved === undefined ? undefined : this.host.registry.handlerFor(resolved.path);
    if (resolved === undefined || handler === undefined) {
      this.respond(id, ResponseType.Response, Status.NotFound, NO_HANDLER_MESSAGE);
      return;
    }
    if (this.host.shuttingDown) {
      this.respond(id, ResponseType.Response, Status.InternalError, SHUTTING_DOWN_MESSAGE);
      return;
    }
    const limit = this.host.options.maxInFlightPerSession;
    if (this.inFlight.size >= limit) {
      const message = `${TOO_MANY_IN_FLIGHT_MESSAGE} (limit ${limit} per session)`;
      this.respond(id, ResponseType.Response, Status.InternalError, message);
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
      this.respondFailure(request.requestId, error);
      return;
    }
    if (!isPromiseLike(result)) {
      // A synchronous handler answers at once: it never counts as in flight.
      this.respondResult(ctx, result);
      return;
    }
    const entry: InFlight = {
      abort,
      done: Promise.resolve(result)
        .then(
          (data) => this.respondResult(ctx, data),
          (error: unknown) => this.respondFailure(request.requestId, error),
        )
        .finally(() => this.inFlight.delete(entry)),
    };
    this.inFlight.add(entry);
  }

  private respondResult(ctx: RequestContext, data: Uint8Array | void): void {
    const id = ctx.request.requestId;
    if (data !== undefined && !(data instanceof Uint8Array)) {
      this.host.warn(`handler for ${ctx.path} returned ${typeof data}, not bytes`);
      this.respond(id, ResponseType.Response, Status.InternalError, 'handler returned no bytes');
      return;
    }
    this.respond(id, ResponseType.Response, Status.Ok, '', data ?? EMPTY);
  }

  /** StatusError gives its status; anything else is STATUS_INTERNAL_ERROR with its message. */
  private respondFailure(requestId: number, error: unknown): void {
    if (error instanceof StatusError) {
      this.respond(requestId, ResponseType.Response, error.status, error.responseMessage);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.respond(
      requestId,
      ResponseType.Response,
      Status.InternalError,
      message || 'handler failed',
    );
  }

  private onSubscribe(request: NanoRpcRequest): void {
    const id = request.requestId;
    const resolved = this.host.registry.resolve(request);
    const topic = resolved === undefined ? undefined : this.host.registry.topicFor(resolved.path);
    if (resolved === undefined || topic === undefined) {
      this.respond(id, ResponseType.Response, Status.NotFound, NO_HANDLER_MESSAGE);
      return;
    }
    if (this.host.shuttingDown) {
      this.respond(id, ResponseType.Response, Status.InternalError, SHUTTING_DOWN_MESSAGE);
      return;
    }
    if (this.subscriptions.has(id) || this.pendingSubscribes.has(id)) {
      const message = `subscription id ${id} is already in use in this session`;
      this.respond(id, ResponseType.Response, Status.InternalError, message);
      return;
    }
    const limit = this.host.options.maxSubscriptionsPerSession;
    if (this.subscriptions.size + this.pendingSubscribes.size >= limit) {
      const message = `${TOO_MANY_SUBSCRIPTIONS_MESSAGE} (limit ${limit} per session)`;
      this.respond(id, ResponseType.Response, Status.InternalError, message);
      return;
    }
    // The filter is a view on the received chunk, which the transport may reuse: keep a copy.
    const filter = request.data.slice();
    const hook = topic.options.onSubscribe;
    if (hook === undefined) {
      this.acceptSubscription(id, topic, filter);
      return;
    }
    const { ctx, abort } = createRequestContext(this, resolved, request);
    let result: ReturnType<NonNullable<TopicOptions['onSubscribe']>>;
    try {
      result = hook(ctx);
    } catch (error) {
      this.respondFailure(id, error);
      return;
    }
    if (!isPromiseLike(result)) {
      this.acceptSubscription(id, topic, filter);
      return;
    }
    // An async hook decides the ack when it settles; its id stays reserved until then.
    this.pendingSubscribes.add(id);
    const entry: InFlight = {
      abort,
      done: Promise.resolve(result)
        .then(
          () => {
            this.pendingSubscribes.delete(id);
            this.acceptSubscription(id, topic, filter);
          },
          (error: unknown) => {
            this.pendingSubscribes.delete(id);
            this.respondFailure(id, error);
          },
        )
        .finally(() => this.inFlight.delete(entry)),
    };
    this.inFlight.add(entry);
  }

  /** Acks, then registers: the ack is queued before the subscription can receive anything. */
  private acceptSubscription(id: number, topic: Topic, filter: Uint8Array): void {
    if (!this.respond(id, ResponseType.Response, Status.Ok)) return;
    const subscription: ServerSubscription = { id, topic, filter, sink: this };
    this.subscriptions.set(id, subscription);
    topic.add(subscription);
  }

  private removeSubscription(subscription: ServerSubscription): void {
    this.subscriptions.delete(subscription.id);
    subscription.topic.remove(subscription);
  }

  /** Queues `update` for this session's subscriptions `ids` in one write; returns how many. */
  deliverUpdates(update: UpdateFrame, ids: readonly number[]): number {
    if (this.ended) return 0;
    const { maxQueuedWritesPerSession, maxFrameSize } = this.host.options;
    const accepted: number[] = [];
    for (const id of ids) {
      if (this.pendingWrites + accepted.length >= maxQueuedWritesPerSession) {
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
    if (accepted.length > 0) this.write(update.forIds(accepted), accepted.length);
    return accepted.length;
  }

  /** Encodes and queues one response frame; false when the session is gone. */
  private respond(
    requestId: number,
    responseType: ResponseType,
    responseStatus: Status | number,
    responseMessage = '',
    data: Uint8Array = EMPTY,
  ): boolean {
    if (this.ended) return false;
    let frame = encodeResponseFrame({
      requestId,
      responseType,
      responseStatus,
      responseMessage,
      data,
    });
    const max = this.host.options.maxFrameSize;
    const bodyLength = bodyLengthOf(frame);
    if (bodyLength > max) {
      this.host.warn(
        `session #${this.id}: answer to id ${requestId} is ${bodyLength} bytes, over the maximum frame size ${max}`,
      );
      frame = encodeResponseFrame({
        requestId,
        responseType,
        responseStatus: Status.InternalError,
        responseMessage: `response of ${bodyLength} bytes exceeds the maximum frame size of ${max}`,
        data: EMPTY,
      });
    }
    this.write(frame);
    return true;
  }

  /** Queues bytes holding `frames` whole frames (the backlog counts frames). */
  private write(frame: Uint8Array, frames = 1): void {
    const { maxQueuedWritesPerSession, maxWriteBacklogPerSession } = this.host.options;
    if (this.pendingWrites >= Math.max(maxQueuedWritesPerSession, maxWriteBacklogPerSession)) {
      // Answers are never dropped (each request gets one); a peer that sends without reading
      // would make them grow without bound, so it loses the session instead.
      if (!this.closing) {
        this.host.warn(
          `session #${this.id} (${this.remote}): ${this.pendingWrites} frames waiting to be written, the peer does not read; closing (maxWriteBacklogPerSession)`,
        );
        void this.close();
      }
      return;
    }
    this.pendingWrites += frames;
    const done = frames === 1 ? this.writeDone : () => this.onWriteDone(frames);
    this.link.send(frame).then(done, done);
  }

  /** One callback for every write (none made per frame). */
  private readonly writeDone = (): void => this.onWriteDone();

  private onWriteDone(frames = 1): void {
    this.pendingWrites -= frames;
    if (this.pendingWrites > 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private readonly watchPartialFrame = (): void => {
    if (this.link.partialBytes === 0) {
      clearTimeout(this.readTimer);
      this.readTimer = undefined;
    } else if (this.readTimer === undefined && !this.ended) {
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
    clearTimeout(this.readTimer);
    this.readTimer = undefined;
    this.link.transport.off('data', this.watchPartialFrame);
    for (const subscription of this.subscriptions.values()) subscription.topic.remove(subscription);
    this.subscriptions.clear();
    const reason = error ?? new Error(`session #${this.id} ended`);
    for (const entry of this.inFlight) entry.abort(reason);
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
    if (error === undefined) this.emit('close');
    else this.emit('close', error);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Length of the body of a whole frame (the varint prefix holds it). */
function bodyLengthOf(frame: Uint8Array): number {
  for (let prefix = 1; prefix <= 5; prefix++) {
    const body = frame.length - prefix;
    if (varintSize(body) === prefix) return body;
  }
  return frame.length;
}
