import { encodeRequestFrame } from '../protocol/codec.js';
import { RequestType, ResponseType } from '../protocol/messages.js';
import type { PathRef, WirePath } from './path-ref.js';
import type { Subscription } from './subscription.js';

export type CallKind = 'ping' | 'request' | 'subscribe' | 'unsubscribe';

/** What a call sends and what answer it waits for; built once, before the call starts. */
export interface CallSpec {
  readonly kind: CallKind;
  readonly id: number;
  /** The whole frame, length prefix included. */
  readonly frame: Uint8Array;
  /** The path named, for messages (described only when one is needed). */
  readonly path?: PathRef | undefined;
  /** The path fields as sent; an unsubscribe must repeat its subscribe's. */
  readonly wire?: WirePath | undefined;
  readonly expects: ResponseType;
  /** Set for a subscribe or unsubscribe: the subscription whose phase the answer moves. */
  readonly subscription?: Subscription | undefined;
  /** A subscription being restored after a reconnect (no caller waits on it). */
  readonly restoring?: boolean;
  /**
   * Made by the client itself (keep-alive ping, restore, unsubscribe of an unwanted late
   * subscription): sent at once while connected, never held back by `maxInFlight`.
   */
  readonly internal?: boolean;
}

const EMPTY = new Uint8Array(0);

export function pingSpec(id: number, internal = false): CallSpec {
  const frame = encodeRequestFrame({ requestId: id, requestType: RequestType.Ping, data: EMPTY });
  return { kind: 'ping', id, frame, expects: ResponseType.Pong, internal };
}

export function requestSpec(id: number, path: PathRef, wire: WirePath, data: Uint8Array): CallSpec {
  const frame = encodeRequestFrame({
    requestId: id,
    requestType: RequestType.Request,
    ...wire,
    data,
  });
  return { kind: 'request', id, frame, path, wire, expects: ResponseType.Response };
}

/** TYPE_SUBSCRIBE under the subscription's current id, its filter as data. */
export function subscribeSpec(
  subscription: Subscription,
  wire: WirePath,
  restoring: boolean,
): CallSpec {
  const id = subscription.id;
  const frame = encodeRequestFrame({
    requestId: id,
    requestType: RequestType.Subscribe,
    ...wire,
    data: subscription.filter,
  });
  return {
    kind: 'subscribe',
    id,
    frame,
    path: subscription.path,
    wire,
    expects: ResponseType.Response,
    subscription,
    restoring,
    internal: restoring,
  };
}

/** The request that ends a subscription: TYPE_REQUEST, its id, its path as sent, no data. */
export function unsubscribeSpec(
  id: number,
  path: PathRef | undefined,
  wire: WirePath,
  subscription?: Subscription,
): CallSpec {
  const frame = encodeRequestFrame({
    requestId: id,
    requestType: RequestType.Request,
    ...wire,
    data: EMPTY,
  });
  return {
    kind: 'unsubscribe',
    id,
    frame,
    path,
    wire,
    expects: ResponseType.Response,
    subscription,
    // Without a subscription it is the client's own clean-up of a late subscribe ack.
    internal: subscription === undefined,
  };
}
