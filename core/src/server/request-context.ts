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

/** Builds a handler's context; its AbortController is made only if the handler reads `signal`. */
export function createRequestContext(
  session: SessionView,
  resolved: { path: string; hash: number },
  request: NanoRpcRequest,
): AbortableContext {
  let controller: AbortController | undefined;
  const ctx: RequestContext = {
    session,
    path: resolved.path,
    hash: resolved.hash,
    request,
    data: request.data,
    get signal(): AbortSignal {
      controller ??= new AbortController();
      return controller.signal;
    },
  };
  return { ctx, abort: (reason) => controller?.abort(reason) };
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
