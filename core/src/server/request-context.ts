import type { NanoRpcRequest } from '../protocol/messages.js';

/**
 * What a handler may see and do of the session that sent a request. Session implements it; a
 * handler does not reach the session's internals (its link, queues, handler registry).
 */
export interface SessionView {
  readonly id: number;
  /** The peer's address, as the transport names it. */
  readonly remote: string;
  readonly closed: boolean;
  readonly subscriptionCount: number;
  /** Ends the session (its subscriptions end with it). */
  close(): Promise<void>;
}

/** What a handler learns about the request it serves. */
export interface RequestContext {
  session: SessionView;
  /** The path the request named (resolved from its hash when sent by hash). */
  path: string;
  hash: number;
  request: NanoRpcRequest;
  /** The request data (for a subscribe, the filter). */
  data: Uint8Array;
  /** Aborted when the session ends or the server's shutdown deadline passes. */
  signal: AbortSignal;
}

/** A context and the means to abort its signal (session end, shutdown deadline). */
export interface AbortableContext {
  ctx: RequestContext;
  abort(reason: unknown): void;
}

/**
 * A handler's context, one object per request: its AbortController is made only if the
 * handler reads `signal` (a class rather than a literal with a getter and a closure, which
 * cost three allocations per request on the hot path).
 */
class HandlerContext implements RequestContext, AbortableContext {
  readonly session: SessionView;
  readonly path: string;
  readonly hash: number;
  readonly request: NanoRpcRequest;
  readonly data: Uint8Array;
  private controller: AbortController | undefined;

  constructor(
    session: SessionView,
    resolved: { path: string; hash: number },
    request: NanoRpcRequest,
  ) {
    this.session = session;
    this.path = resolved.path;
    this.hash = resolved.hash;
    this.request = request;
    this.data = request.data;
  }

  get ctx(): RequestContext {
    return this;
  }

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  /** A property, not a method: the session keeps it apart from its context. */
  readonly abort = (reason: unknown): void => this.controller?.abort(reason);
}

/** Builds a handler's context; its AbortController is made only if the handler reads `signal`. */
export function createRequestContext(
  session: SessionView,
  resolved: { path: string; hash: number },
  request: NanoRpcRequest,
): AbortableContext {
  return new HandlerContext(session, resolved, request);
}

/**
 * Serves one path. Returns the response data (nothing = empty) for STATUS_OK; throws
 * StatusError for another status; any other throw is STATUS_INTERNAL_ERROR with its message.
 */
export type RequestHandler = (
  ctx: RequestContext,
) => Uint8Array | void | Promise<Uint8Array | void>;

export interface TopicOptions {
  /**
   * Whether an update with `data` goes to a subscriber that subscribed with `filter` (its
   * subscribe data, possibly empty). Without it every subscriber gets every update.
   */
  filter?: (filter: Uint8Array, data: Uint8Array) => boolean;
  /**
   * Runs before the ack; throwing (or rejecting, when it returns a promise) refuses the
   * subscription, StatusError picking the status. A returned promise delays the ack.
   */
  onSubscribe?: (ctx: RequestContext) => void | Promise<void>;
}
