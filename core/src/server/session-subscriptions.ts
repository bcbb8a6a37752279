import { ResponseType, Status, type NanoRpcRequest } from '../protocol/messages.js';
import type { HandlerRegistry, ResolvedPath } from './handler-registry.js';
import { isPromiseLike, type InFlightWork } from './in-flight-work.js';
import { createRequestContext, type SessionView, type TopicOptions } from './request-context.js';
import type { ResolvedServerOptions } from './server-options.js';
import {
  NO_HANDLER_MESSAGE,
  SHUTTING_DOWN_MESSAGE,
  TOO_MANY_SUBSCRIPTIONS_MESSAGE,
} from './session-rules.js';
import type { SessionWriter } from './session-writer.js';
import type { ServerSubscription, Topic, UpdateSink } from './topic.js';

/** What subscription handling needs from the server that owns the session. */
export interface SubscriptionsHost {
  readonly registry: HandlerRegistry;
  readonly options: ResolvedServerOptions;
  readonly shuttingDown: boolean;
}

/**
 * One session's subscriptions: subscribe (with the topic's onSubscribe hook and the
 * per-session limit), unsubscribe, and their removal from their topics when the session ends.
 */
export class SessionSubscriptions {
  private readonly live = new Map<number, ServerSubscription>();
  /** Ids of subscribes whose asynchronous onSubscribe hook has not settled: reserved. */
  private readonly pending = new Set<number>();
  private readonly session: SessionView & UpdateSink;
  private readonly host: SubscriptionsHost;
  private readonly writer: SessionWriter;
  private readonly inFlight: InFlightWork;

  constructor(
    session: SessionView & UpdateSink,
    host: SubscriptionsHost,
    writer: SessionWriter,
    inFlight: InFlightWork,
  ) {
    this.session = session;
    this.host = host;
    this.writer = writer;
    this.inFlight = inFlight;
  }

  get size(): number {
    return this.live.size;
  }

  /**
   * A request with a live subscription's id, its path and no data ends that subscription
   * (answered OK); true when `request` was such an unsubscribe.
   */
  unsubscribe(request: NanoRpcRequest, resolved: ResolvedPath): boolean {
    const id = request.requestId;
    const subscription = this.live.get(id);
    if (
      subscription === undefined ||
      resolved?.path !== subscription.topic.path ||
      request.data.length !== 0
    ) {
      return false;
    }
    this.remove(subscription);
    this.writer.respond(id, ResponseType.Response, Status.Ok);
    return true;
  }

  subscribe(request: NanoRpcRequest): void {
    const id = request.requestId;
    const resolved = this.host.registry.resolve(request);
    const topic = resolved === undefined ? undefined : this.host.registry.topicFor(resolved.path);
    if (resolved === undefined || topic === undefined) {
      this.writer.respond(id, ResponseType.Response, Status.NotFound, NO_HANDLER_MESSAGE);
      return;
    }
    if (this.host.shuttingDown) {
      this.writer.respond(id, ResponseType.Response, Status.InternalError, SHUTTING_DOWN_MESSAGE);
      return;
    }
    if (this.live.has(id) || this.pending.has(id)) {
      const message = `subscription id ${id} is already in use in this session`;
      this.writer.respond(id, ResponseType.Response, Status.InternalError, message);
      return;
    }
    const limit = this.host.options.maxSubscriptionsPerSession;
    if (this.live.size + this.pending.size >= limit) {
      const message = `${TOO_MANY_SUBSCRIPTIONS_MESSAGE} (limit ${limit} per session)`;
      this.writer.respond(id, ResponseType.Response, Status.InternalError, message);
      return;
    }
    // The filter is a view on the received chunk, which the transport may reuse: keep a copy.
    const filter = request.data.slice();
    const hook = topic.options.onSubscribe;
    if (hook === undefined) {
      this.accept(id, topic, filter);
      return;
    }
    const { ctx, abort } = createRequestContext(this.session, resolved, request);
    let result: ReturnType<NonNullable<TopicOptions['onSubscribe']>>;
    try {
      result = hook(ctx);
    } catch (error) {
      this.writer.respondFailure(id, error);
      return;
    }
    if (!isPromiseLike(result)) {
      this.accept(id, topic, filter);
      return;
    }
    // An async hook decides the ack when it settles; its id stays reserved until then.
    this.pending.add(id);
    this.inFlight.track(
      abort,
      Promise.resolve(result).then(
        () => {
          this.pending.delete(id);
          this.accept(id, topic, filter);
        },
        (error: unknown) => {
          this.pending.delete(id);
          this.writer.respondFailure(id, error);
        },
      ),
    );
  }

  /** Removes every subscription from its topic (the session ended). */
  clear(): void {
    for (const subscription of this.live.values()) subscription.topic.remove(subscription);
    this.live.clear();
  }

  /** Acks, then registers: the ack is queued before the subscription can receive anything. */
  private accept(id: number, topic: Topic, filter: Uint8Array): void {
    if (!this.writer.respond(id, ResponseType.Response, Status.Ok)) return;
    const subscription: ServerSubscription = { id, topic, filter, sink: this.session };
    this.live.set(id, subscription);
    topic.add(subscription);
  }

  private remove(subscription: ServerSubscription): void {
    this.live.delete(subscription.id);
    subscription.topic.remove(subscription);
  }
}
