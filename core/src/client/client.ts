import { EventEmitter } from 'node:events';
import { NanoRpcError } from '../errors/nanorpc-error.js';
import { decodeResponse, encodeRequestFrame } from '../protocol/codec.js';
import { HashCache } from '../protocol/hash-cache.js';
import { RequestType, ResponseType, Status, type NanoRpcResponse } from '../protocol/messages.js';
import { StatusError } from '../protocol/status-error.js';
import { connectTransport } from '../transport/connect.js';
import type { Endpoint } from '../transport/endpoint.js';
import { FramedLink } from '../transport/framed-link.js';
import type { Transport } from '../transport/transport.js';
import type { CallOptions, RequestOptions } from './call-options.js';
import {
  AbortedError,
  ClientClosedError,
  ConnectionLostError,
  NotConnectedError,
  QueueFullError,
  ReconnectFailedError,
  TimeoutError,
} from './client-errors.js';
import {
  resolveClientOptions,
  type ClientOptions,
  type ResolvedClientOptions,
} from './client-options.js';
import { IdAllocator } from './id-allocator.js';
import { PayloadError, type JsonObject } from './json-payload.js';
import { describePath, toWirePath, type PathRef, type WirePath } from './path-ref.js';
import type { PayloadTypes } from './payload-types.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { RequestQueue } from './request-queue.js';
import { Subscription, type SubscriptionOwner, type TerminationReason } from './subscription.js';
import {
  SubscriptionPhaseError,
  classifySubscriptionFrame,
  type SubscriptionPhase,
} from './subscription-phase.js';

/** Where the client gets its links: an endpoint, or a factory (the emulator's fault wrappers). */
export type TransportSource = string | Endpoint | ((signal: AbortSignal) => Promise<Transport>);

/**
 * idle: not connected (new, or dropped without reconnection); calls fail with NotConnectedError.
 * connecting / reconnecting: calls wait in the bounded queue. closed: calls fail at once.
 */
export type ClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export type ClientEvents = {
  connect: [];
  disconnect: [error?: Error];
  reconnecting: [info: { attempt: number; delayMs: number }];
  /** Emitted only when someone listens, so an unobserved client never crashes the process. */
  error: [error: Error];
  /** A frame no pending call or live subscription could take (late, stray or out of phase). */
  unmatched: [response: NanoRpcResponse];
};

type CallKind = 'ping' | 'request' | 'subscribe' | 'unsubscribe';

/** A call from creation to its answer; it holds its id from start to settlement. */
interface PendingCall {
  readonly kind: CallKind;
  readonly id: number;
  readonly frame: Uint8Array;
  /** The path named, for messages (built only when one is needed). */
  readonly path: PathRef | undefined;
  /** The path fields as sent; an unsubscribe must repeat a subscribe's. */
  readonly wire: WirePath | undefined;
  readonly expects: ResponseType;
  readonly subscription: Subscription | undefined;
  /** A subscription being restored after a reconnect (no caller waits on it). */
  readonly restoring: boolean;
  state: 'queued' | 'sent' | 'settled';
  resolve: (response: NanoRpcResponse) => void;
  reject: (error: Error) => void;
  cleanup: () => void;
}

interface CallSpec {
  kind: CallKind;
  id: number;
  frame: Uint8Array;
  path?: PathRef;
  wire?: WirePath;
  expects: ResponseType;
  subscription?: Subscription;
  restoring?: boolean;
}

/** A call given up on after it was sent, as far as a late frame with its id needs to know. */
type StaleCall = Pick<PendingCall, 'kind' | 'path' | 'wire'>;

/** Why a call ended without its answer. */
type FailReason = 'timeout' | 'aborted' | 'connection-lost' | 'client-closed' | 'send-failed';

const EMPTY = new Uint8Array(0);

/**
 * A NanoRPC client over any transport. Calls return promises; answers are matched to calls by
 * request id, and frames carrying a subscription's id are routed by the subscription's phase
 * (see subscription-phase.ts) so that the unsubscribe ack is never taken for the subscribe ack.
 */
export class NanoRpcClient extends EventEmitter<ClientEvents> implements SubscriptionOwner {
  readonly options: ResolvedClientOptions;
  /** Paths this client used, for hashing and collision detection. */
  readonly hashes: HashCache;
  private readonly source: TransportSource;
  private readonly reconnectPolicy: ReconnectPolicy | undefined;
  private readonly ids: IdAllocator;
  private readonly queue: RequestQueue<PendingCall>;
  /** Calls sent and awaiting their answer, by id. */
  private readonly pending = new Map<number, PendingCall>();
  /** Subscriptions holding an id (pending, active or unsubscribing), by id. */
  private readonly subscriptions = new Map<number, Subscription>();
  /** The path fields each subscription was sent with; its unsubscribe uses the same. */
  private readonly wirePaths = new Map<Subscription, WirePath>();
  /** Subscriptions waiting for a reconnect to be restored. */
  private readonly suspended = new Set<Subscription>();
  /** In-flight unsubscribe calls, so a second unsubscribe() shares the first one's answer. */
  private readonly unsubscribing = new Map<Subscription, Promise<NanoRpcResponse>>();
  /**
   * Ids of calls given up on (timeout, abort) after they were sent: the server may still answer
   * or publish with them, so they stay reserved until their late answer (see onLateFrame) or
   * the end of the session.
   */
  private readonly staleIds = new Map<number, StaleCall>();
  private currentState: ClientState = 'idle';
  private link: FramedLink | undefined;
  private connectAbort: AbortController | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connectWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private keepAliveInFlight = false;
  private lastReceiveAt = 0;
  private connectionCount = 0;

  constructor(source: TransportSource, options: ClientOptions = {}) {
    super();
    this.source = source;
    this.options = resolveClientOptions(options);
    this.hashes = this.options.hashes ?? new HashCache();
    this.ids = new IdAllocator({ maxId: this.options.maxRequestId });
    this.queue = new RequestQueue(this.options.queueLimit);
    const reconnect = this.options.reconnect;
    this.reconnectPolicy = reconnect === false ? undefined : new ReconnectPolicy(reconnect);
  }

  get state(): ClientState {
    return this.currentState;
  }

  get connected(): boolean {
    return this.currentState === 'connected';
  }

  /** The current link's transport, while connected. */
  get transport(): Transport | undefined {
    return this.link?.transport;
  }

  /** Calls waiting in the queue for the connection. */
  get queuedCount(): number {
    return this.queue.size;
  }

  /** Calls sent and not yet answered. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Opens the link. While reconnecting, resolves when the reconnection succeeds. */
  async connect(): Promise<void> {
    switch (this.currentState) {
      case 'connected':
        return;
      case 'closed':
        throw new ClientClosedError();
      case 'connecting':
      case 'reconnecting':
        return this.waitForConnect();
      case 'idle':
        break;
    }
    this.currentState = 'connecting';
    try {
      await this.openLink();
    } catch (error) {
      if (this.currentState === 'connecting') {
        this.currentState = 'idle';
        this.failQueued(
          (call) =>
            new ConnectionLostError(`could not connect for ${this.describe(call)}`, {
              cause: error,
            }),
          'connection-lost',
        );
        this.rejectConnectWaiters(asError(error));
      }
      throw error;
    }
  }

  /** Fails everything pending, ends every subscription, closes the link. Idempotent. */
  async close(): Promise<void> {
    if (this.currentState === 'closed') return;
    this.currentState = 'closed';
    clearTimeout(this.reconnectTimer);
    this.connectAbort?.abort(new ClientClosedError());
    this.stopKeepAlive();
    for (const call of [...this.pending.values()]) {
      this.failCall(
        call,
        new ClientClosedError(`client closed before an answer to ${this.describe(call)}`),
        'client-closed',
      );
    }
    this.failQueued(
      (call) => new ClientClosedError(`client closed before ${this.describe(call)} was sent`),
      'client-closed',
    );
    for (const subscription of [...this.subscriptions.values(), ...this.suspended]) {
      this.endSubscription(subscription, 'client-closed');
    }
    this.rejectConnectWaiters(new ClientClosedError());
    const link = this.link;
    this.link = undefined;
    if (link !== undefined) {
      await link.close();
      this.emit('disconnect');
    }
  }

  /** TYPE_PING; resolves with the TYPE_PONG (whatever its status). */
  async ping(options: CallOptions = {}): Promise<NanoRpcResponse> {
    this.admit();
    const id = this.ids.allocate();
    const frame = encodeRequestFrame({ requestId: id, requestType: RequestType.Ping, data: EMPTY });
    return this.startCall({ kind: 'ping', id, frame, expects: ResponseType.Pong }, options);
  }

  /** TYPE_REQUEST; resolves with the TYPE_RESPONSE whatever its status. */
  async request(
    path: PathRef,
    data: Uint8Array = EMPTY,
    options: RequestOptions = {},
  ): Promise<NanoRpcResponse> {
    this.admit();
    const wire = toWirePath(path, this.hashes, options.hashPath ?? this.options.alwaysHashPaths);
    const id = this.ids.allocate();
    const frame = encodeRequestFrame({
      requestId: id,
      requestType: RequestType.Request,
      ...wire,
      data,
    });
    return this.startCall(
      { kind: 'request', id, frame, path, wire, expects: ResponseType.Response },
      options,
    );
  }

  /** Like request(), but a status other than STATUS_OK throws StatusError; returns the data. */
  async call(path: PathRef, data?: Uint8Array, options?: RequestOptions): Promise<Uint8Array> {
    const response = await this.request(path, data, options);
    if (response.responseStatus !== Status.Ok) {
      throw StatusError.fromResponse(response, describePath(path, this.hashes));
    }
    return response.data;
  }

  /**
   * TYPE_SUBSCRIBE; resolves once the ack is STATUS_OK, rejects with StatusError otherwise.
   * `onUpdate` is attached before the subscribe is sent, so no update is missed.
   */
  async subscribe(
    path: PathRef,
    filter: Uint8Array | undefined,
    onUpdate: (update: NanoRpcResponse) => void,
    options: RequestOptions = {},
  ): Promise<Subscription> {
    this.admit();
    const wire = toWirePath(path, this.hashes, options.hashPath ?? this.options.alwaysHashPaths);
    const id = this.ids.allocate();
    const subscription = new Subscription(this, id, path, filter ?? EMPTY);
    subscription.on('update', (update) => {
      try {
        onUpdate(update);
      } catch (error) {
        this.emitError(asError(error));
      }
    });
    this.subscriptions.set(id, subscription);
    this.wirePaths.set(subscription, wire);
    await this.startCall(this.subscribeSpec(subscription, false), options);
    return subscription;
  }

  /** Unsubscribes (normally called as subscription.unsubscribe()). */
  async unsubscribe(
    subscription: Subscription,
    options: CallOptions = {},
  ): Promise<NanoRpcResponse> {
    const inFlight = this.unsubscribing.get(subscription);
    if (inFlight !== undefined) return inFlight;
    if (subscription.phase === 'pending') {
      if (this.suspended.has(subscription)) {
        // The server dropped it with the old session: there is nothing to send.
        this.endSubscription(subscription, 'unsubscribed');
        throw new ConnectionLostError(
          'not connected: the subscription had already ended with the connection',
        );
      }
      // A restore is in flight: unsubscribe once its ack settles the phase.
      await new Promise<void>((resolve) => {
        const settle = (): void => {
          subscription.off('resubscribed', settle);
          subscription.off('terminated', settle);
          subscription.off('suspended', settle);
          resolve();
        };
        subscription.on('resubscribed', settle);
        subscription.on('terminated', settle);
        subscription.on('suspended', settle);
      });
      return this.unsubscribe(subscription, options);
    }
    if (subscription.phase !== 'active') {
      throw new SubscriptionPhaseError(subscription.phase, 'unsubscribe-sent');
    }
    if (this.currentState !== 'connected') {
      // Called while the session is being torn down: it is over, and the subscription with it.
      this.endSubscription(subscription, 'connection-lost');
      throw new ConnectionLostError('not connected: the subscription ended with the connection');
    }
    const wire = this.wirePaths.get(subscription);
    if (wire === undefined || this.subscriptions.get(subscription.id) !== subscription) {
      throw new NanoRpcError(
        'ERR_UNKNOWN_SUBSCRIPTION',
        'this client does not hold that subscription',
      );
    }
    subscription.applyEvent('unsubscribe-sent');
    const promise = this.startCall(
      { ...unsubscribeSpec(subscription.id, subscription.path, wire), subscription },
      options,
    );
    this.unsubscribing.set(subscription, promise);
    return promise;
  }

  /** request() with a JSON request encoded and the data decoded by `options.payloads`. */
  async callTyped(
    path: string,
    value?: JsonObject | Uint8Array,
    options?: RequestOptions,
  ): Promise<JsonObject> {
    const payloads = this.requirePayloads();
    const data = await this.call(path, payloads.encodeRequest(path, value), options);
    return payloads.decodeResponse(path, data);
  }

  /** subscribe() with a JSON filter and updates decoded by `options.payloads`. */
  async subscribeTyped(
    path: string,
    filter: JsonObject | Uint8Array | undefined,
    onUpdate: (value: JsonObject, update: NanoRpcResponse) => void,
    options?: RequestOptions,
  ): Promise<Subscription> {
    const payloads = this.requirePayloads();
    return this.subscribe(
      path,
      payloads.encodeRequest(path, filter),
      (update) => onUpdate(payloads.decodeUpdate(path, update.data), update),
      options,
    );
  }

  /** Writes bytes as they are (malformed-input tests); traced as kind 'raw'. */
  async sendRaw(bytes: Uint8Array): Promise<void> {
    if (this.currentState === 'closed') throw new ClientClosedError();
    const link = this.link;
    if (link === undefined || this.currentState !== 'connected') throw new NotConnectedError();
    await link.sendRaw(bytes);
  }

  // ---------------------------------------------------------------------------------------
  // Calls

  /** Throws before an id is taken when the call cannot even be queued. */
  private admit(): void {
    switch (this.currentState) {
      case 'closed':
        throw new ClientClosedError();
      case 'idle':
        throw new NotConnectedError();
      case 'connecting':
      case 'reconnecting':
        if (this.queue.full) throw new QueueFullError(this.queue.limit);
        break;
      case 'connected':
        break;
    }
  }

  private startCall(spec: CallSpec, options: CallOptions): Promise<NanoRpcResponse> {
    return new Promise<NanoRpcResponse>((resolve, reject) => {
      const signal = options.signal;
      const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void =>
        this.failCall(call, new AbortedError(this.describe(call), signal?.reason), 'aborted');
      const call: PendingCall = {
        ...spec,
        path: spec.path,
        wire: spec.wire,
        subscription: spec.subscription,
        restoring: spec.restoring ?? false,
        state: 'queued',
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      if (signal?.aborted) {
        this.failCall(call, new AbortedError(this.describe(call), signal.reason), 'aborted');
        return;
      }
      if (timeoutMs > 0) {
        timer = setTimeout(
          () =>
            this.failCall(
              call,
              new TimeoutError(`an answer to ${this.describe(call)}`, timeoutMs),
              'timeout',
            ),
          timeoutMs,
        );
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.currentState === 'connected') {
        this.sendCall(call);
      } else {
        try {
          this.queue.push(call);
        } catch (error) {
          this.failCall(call, asError(error), 'send-failed');
        }
      }
    });
  }

  private sendCall(call: PendingCall): void {
    const link = this.link;
    if (link === undefined) {
      // Never silently: a call that is neither queued nor pending would wait for nothing.
      this.failCall(call, new NotConnectedError(), 'send-failed');
      return;
    }
    call.state = 'sent';
    this.pending.set(call.id, call);
    link.send(call.frame).catch((error: unknown) => {
      // A write that fails because the link closed is handled by the link's 'close'.
      if (!link.closed) this.failCall(call, asError(error), 'send-failed');
    });
  }

  private subscribeSpec(subscription: Subscription, restoring: boolean): CallSpec {
    const id = subscription.id;
    const wire = this.wirePaths.get(subscription) ?? { path: '' };
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
    };
  }

  /** Ends a call without its answer; also moves its subscription on and frees (or parks) its id. */
  private failCall(call: PendingCall, error: Error, reason: FailReason, willRestore = false): void {
    if (call.state === 'settled') return;
    const wasSent = call.state === 'sent';
    if (call.state === 'queued') this.queue.remove(call);
    call.state = 'settled';
    call.cleanup();
    if (this.pending.get(call.id) === call) this.pending.delete(call.id);
    const serverMayStillAnswer = wasSent && (reason === 'timeout' || reason === 'aborted');
    const keepFor: StaleCall | undefined = serverMayStillAnswer ? call : undefined;
    const subscription = call.subscription;
    if (subscription === undefined) {
      this.retireId(call.id, keepFor);
    } else if (call.kind === 'subscribe' && call.restoring && willRestore) {
      this.detachSubscription(subscription);
      this.suspended.add(subscription);
    } else {
      this.detachSubscription(subscription, keepFor);
      const end = terminationReason(reason, call.restoring);
      subscription.applyEvent('ended', end, error);
      this.unsubscribing.delete(subscription);
      this.wirePaths.delete(subscription);
      if (end === 'resubscribe-failed') this.emitError(error);
    }
    if (call.restoring) return; // no caller waits on a restore; errors went to 'error'
    call.reject(error);
  }

  private settleCall(call: PendingCall, response: NanoRpcResponse): void {
    call.state = 'settled';
    call.cleanup();
    this.pending.delete(call.id);
    // A subscription's id stays with it (subscribe ack) or was freed when it ended (unsubscribe).
    if (call.subscription === undefined) this.ids.release(call.id);
    call.resolve(response);
  }

  /** Frees an id, or parks it when the server may still use it (see onLateFrame). */
  private retireId(id: number, keepReservedFor: StaleCall | undefined): void {
    if (keepReservedFor === undefined) {
      this.ids.release(id);
      return;
    }
    const { kind, path, wire } = keepReservedFor;
    this.staleIds.set(id, { kind, path, wire });
  }

  private detachSubscription(subscription: Subscription, keepIdReservedFor?: StaleCall): void {
    if (this.subscriptions.get(subscription.id) === subscription) {
      this.subscriptions.delete(subscription.id);
      this.retireId(subscription.id, keepIdReservedFor);
    }
  }

  /** Terminates a subscription that no call is settling (close, failed reconnect). */
  private endSubscription(subscription: Subscription, reason: TerminationReason): void {
    this.suspended.delete(subscription);
    this.detachSubscription(subscription);
    this.unsubscribing.delete(subscription);
    this.wirePaths.delete(subscription);
    if (subscription.phase !== 'terminated') subscription.applyEvent('ended', reason);
  }

  private failQueued(makeError: (call: PendingCall) => Error, reason: FailReason): void {
    for (const call of this.queue.drain()) this.failCall(call, makeError(call), reason);
  }

  // ---------------------------------------------------------------------------------------
  // Incoming frames

  private onFrame(link: FramedLink, body: Uint8Array): void {
    if (link !== this.link) return;
    this.lastReceiveAt = performance.now();
    let response: NanoRpcResponse;
    try {
      response = decodeResponse(body);
    } catch (error) {
      // The framing is intact, so later frames still parse: report and go on.
      this.emitError(asError(error));
      return;
    }
    try {
      this.route(response);
    } catch (error) {
      // A listener threw ('update', 'unmatched'): report it, keep reading the link.
      this.emitError(asError(error));
    }
  }

  private route(response: NanoRpcResponse): void {
    const id = response.requestId;
    const subscription = this.subscriptions.get(id);
    if (subscription !== undefined) {
      this.routeToSubscription(subscription, response);
      return;
    }
    const call = this.pending.get(id);
    if (call !== undefined && call.expects === response.responseType) {
      this.settleCall(call, response);
      return;
    }
    const stale = call === undefined ? this.staleIds.get(id) : undefined;
    if (stale !== undefined) this.onLateFrame(id, stale, response);
    this.emit('unmatched', response);
  }

  /**
   * A frame with the id of a call given up on. A subscribe or unsubscribe given up on still
   * moves through the subscription phases on the server, so its frames are read by phase: a late
   * OK subscribe ack means the server holds a subscription nobody wants, which the client ends
   * itself (the id stays reserved until that unsubscribe's ack); any other late answer frees
   * the id. Updates meanwhile reach no one (they are 'unmatched').
   */
  private onLateFrame(id: number, stale: StaleCall, response: NanoRpcResponse): void {
    const phase = stalePhase(stale.kind);
    const role =
      phase === undefined
        ? response.responseType === ResponseType.Update
          ? 'update'
          : 'answer'
        : classifySubscriptionFrame(phase, response.responseType);
    if (role === 'update' || role === 'unexpected') return;
    this.staleIds.delete(id);
    const wire = stale.wire;
    if (role === 'subscribe-ack' && response.responseStatus === Status.Ok && wire !== undefined) {
      // No caller waits on it: its failures only decide what happens to the id (failCall).
      this.startCall(unsubscribeSpec(id, stale.path, wire), {}).catch(() => undefined);
      return;
    }
    this.ids.release(id);
  }

  private routeToSubscription(subscription: Subscription, response: NanoRpcResponse): void {
    const role = classifySubscriptionFrame(subscription.phase, response.responseType);
    const call = this.pending.get(response.requestId);
    switch (role) {
      case 'update':
        subscription.deliver(response);
        return;
      case 'subscribe-ack':
        if (call?.kind !== 'subscribe') break;
        this.onSubscribeAck(subscription, call, response);
        return;
      case 'unsubscribe-ack':
        if (call?.kind !== 'unsubscribe') break;
        this.detachSubscription(subscription);
        this.wirePaths.delete(subscription);
        this.unsubscribing.delete(subscription);
        subscription.applyEvent('unsubscribe-acked', 'unsubscribed');
        this.settleCall(call, response);
        return;
      case 'unexpected':
        break;
    }
    this.emit('unmatched', response);
  }

  private onSubscribeAck(
    subscription: Subscription,
    call: PendingCall,
    response: NanoRpcResponse,
  ): void {
    if (response.responseStatus === Status.Ok) {
      subscription.applyEvent('ack-ok');
      this.settleCall(call, response);
      return;
    }
    const error = StatusError.fromResponse(response, this.describe(call));
    call.state = 'settled';
    call.cleanup();
    this.pending.delete(call.id);
    this.detachSubscription(subscription);
    this.wirePaths.delete(subscription);
    subscription.applyEvent(
      'ack-failed',
      call.restoring ? 'resubscribe-failed' : 'rejected',
      error,
    );
    if (call.restoring) this.emitError(error);
    else call.reject(error);
  }

  // ---------------------------------------------------------------------------------------
  // Links, reconnection, keep-alive

  private async openTransport(signal: AbortSignal): Promise<Transport> {
    const source = this.source;
    const timeoutMs = this.options.connectTimeoutMs;
    if (typeof source !== 'function') return connectTransport(source, { timeoutMs, signal });
    // A factory gets the same time limit; a transport that opens too late is closed.
    const opening = source(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TimeoutError('the transport to open', timeoutMs)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([opening, timeout]);
    } catch (error) {
      opening.then((late: Transport) => late.close()).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async openLink(): Promise<void> {
    const abort = new AbortController();
    this.connectAbort = abort;
    let transport: Transport;
    try {
      transport = await this.openTransport(abort.signal);
    } finally {
      if (this.connectAbort === abort) this.connectAbort = undefined;
    }
    if (this.currentState === 'closed') {
      await transport.close();
      throw new ClientClosedError('client closed while connecting');
    }
    this.connectionCount++;
    const link = new FramedLink(transport, {
      role: 'client',
      maxFrameSize: this.options.maxFrameSize,
      id: `${this.options.name}#${this.connectionCount} ${transport.endpoint}`,
      ...(this.options.trace === undefined ? {} : { trace: this.options.trace }),
    });
    link.on('frame', (body: Uint8Array) => this.onFrame(link, body));
    link.on('frame-error', (error: Error) => {
      if (link === this.link) this.emitError(error);
    });
    link.on('close', (error?: Error) => this.onLinkClosed(link, error));
    this.link = link;
    this.currentState = 'connected';
    this.lastReceiveAt = performance.now();
    if (link.closed) {
      this.onLinkClosed(link, undefined);
      return;
    }
    this.armKeepAlive();
    // Restored subscriptions first, then the queue in order, then the world hears about it.
    this.restoreSubscriptions();
    for (const call of this.queue.drain()) {
      if (call.state === 'queued') this.sendCall(call);
    }
    this.emit('connect');
    this.resolveConnectWaiters();
  }

  private onLinkClosed(link: FramedLink, error: Error | undefined): void {
    if (link !== this.link) return;
    this.link = undefined;
    this.stopKeepAlive();
    const wasConnected = this.currentState === 'connected';
    const willReconnect = this.reconnectPolicy !== undefined && wasConnected;
    const willRestore = willReconnect && this.options.resubscribe;
    // The new state first: listeners run below ('terminated', 'suspended') and a call they make
    // must be queued or refused, not handed to the link that is gone.
    if (wasConnected) this.currentState = willReconnect ? 'reconnecting' : 'idle';
    for (const call of [...this.pending.values()]) {
      const lost = new ConnectionLostError(
        `connection lost while waiting for an answer to ${this.describe(call)}` +
          (error === undefined ? '' : `: ${error.message}`),
        error === undefined ? undefined : { cause: error },
      );
      this.failCall(call, lost, 'connection-lost', willRestore);
    }
    for (const subscription of [...this.subscriptions.values()]) {
      // Left here: active ones, and pending ones whose subscribe is still queued (kept).
      if (subscription.phase !== 'active') continue;
      this.detachSubscription(subscription);
      if (willRestore) {
        subscription.applyEvent('suspended');
        this.suspended.add(subscription);
      } else {
        this.endSubscription(subscription, 'connection-lost');
      }
    }
    // The session is over: nothing can arrive with the parked ids any more.
    for (const id of this.staleIds.keys()) this.ids.release(id);
    this.staleIds.clear();
    if (!wasConnected) return;
    if (error === undefined) this.emit('disconnect');
    else this.emit('disconnect', error);
    if (willReconnect) this.scheduleReconnect(1, error);
  }

  private scheduleReconnect(attempt: number, lastError: unknown): void {
    const policy = this.reconnectPolicy;
    if (policy === undefined || this.currentState !== 'reconnecting') return;
    if (!policy.allows(attempt)) {
      this.giveUpReconnecting(attempt - 1, lastError);
      return;
    }
    const delayMs = policy.delayFor(attempt);
    this.emit('reconnecting', { attempt, delayMs });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.currentState !== 'reconnecting') return;
      this.openLink().catch((error: unknown) => {
        if (this.currentState !== 'reconnecting') return;
        this.scheduleReconnect(attempt + 1, error);
      });
    }, delayMs);
  }

  private giveUpReconnecting(attempts: number, lastError: unknown): void {
    this.currentState = 'idle';
    const failure = new ReconnectFailedError(attempts, lastError);
    this.failQueued(
      (call) =>
        new ConnectionLostError(`${failure.message}; ${this.describe(call)} was not sent`, {
          cause: failure,
        }),
      'connection-lost',
    );
    for (const subscription of [...this.suspended])
      this.endSubscription(subscription, 'connection-lost');
    this.rejectConnectWaiters(failure);
    this.emitError(failure);
  }

  private restoreSubscriptions(): void {
    for (const subscription of [...this.suspended]) {
      this.suspended.delete(subscription);
      const previousId = subscription.id;
      const id = this.ids.allocate();
      subscription.assignId(id);
      this.subscriptions.set(id, subscription);
      const spec = this.subscribeSpec(subscription, true);
      this.startCall(spec, {}).then(
        () => subscription.emit('resubscribed', id, previousId),
        () => undefined, // failCall and onSubscribeAck already reported it
      );
    }
  }

  private waitForConnect(): Promise<void> {
    return new Promise((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
  }

  private resolveConnectWaiters(): void {
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  private rejectConnectWaiters(error: Error): void {
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  private armKeepAlive(): void {
    const interval = this.options.keepAliveMs;
    if (interval === 0) return;
    clearTimeout(this.keepAliveTimer);
    const due = Math.max(0, this.lastReceiveAt + interval - performance.now());
    this.keepAliveTimer = setTimeout(() => this.onKeepAliveTimer(), due);
    this.keepAliveTimer.unref();
  }

  private stopKeepAlive(): void {
    clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  /** Pings after keepAliveMs without a frame; no pong in time means the link is dead. */
  private onKeepAliveTimer(): void {
    const link = this.link;
    if (link === undefined || this.currentState !== 'connected' || this.keepAliveInFlight) return;
    if (performance.now() - this.lastReceiveAt < this.options.keepAliveMs) {
      this.armKeepAlive();
      return;
    }
    this.keepAliveInFlight = true;
    const timeoutMs = this.options.requestTimeoutMs || this.options.keepAliveMs;
    this.ping({ timeoutMs })
      .catch((error: unknown) => {
        if (error instanceof TimeoutError && link === this.link) {
          this.emitError(new TimeoutError('a keep-alive TYPE_PONG; closing the link', timeoutMs));
          void link.close();
        }
      })
      .finally(() => {
        this.keepAliveInFlight = false;
        if (link === this.link) this.armKeepAlive();
      });
  }

  // ---------------------------------------------------------------------------------------

  private requirePayloads(): PayloadTypes {
    const payloads = this.options.payloads;
    if (payloads === undefined) {
      throw new PayloadError('ERR_PAYLOAD_TYPE', 'typed calls need the client option "payloads"');
    }
    return payloads;
  }

  /** For messages: "TYPE_REQUEST id 7 for /echo". */
  private describe(call: PendingCall): string {
    const path = call.path === undefined ? '' : describePath(call.path, this.hashes);
    switch (call.kind) {
      case 'ping':
        return `TYPE_PING id ${call.id}`;
      case 'request':
        return `TYPE_REQUEST id ${call.id} for ${path}`;
      case 'subscribe':
        return `TYPE_SUBSCRIBE id ${call.id} to ${path}`;
      case 'unsubscribe':
        return `unsubscribe (TYPE_REQUEST id ${call.id}) of ${path}`;
    }
  }

  private emitError(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

/** The request that ends a subscription: TYPE_REQUEST, its id, its path as sent, no data. */
function unsubscribeSpec(id: number, path: PathRef | undefined, wire: WirePath): CallSpec {
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
    ...(path === undefined ? {} : { path }),
    wire,
    expects: ResponseType.Response,
  };
}

/** The phase the server is in for a subscription call given up on (none for other calls). */
function stalePhase(kind: CallKind): SubscriptionPhase | undefined {
  switch (kind) {
    case 'subscribe':
      return 'pending';
    case 'unsubscribe':
      return 'unsubscribing';
    case 'ping':
    case 'request':
      return undefined;
  }
}

function terminationReason(reason: FailReason, restoring: boolean): TerminationReason {
  switch (reason) {
    case 'client-closed':
    case 'connection-lost':
      return reason;
    case 'timeout':
    case 'aborted':
      return restoring ? 'resubscribe-failed' : reason;
    case 'send-failed':
      return restoring ? 'resubscribe-failed' : 'connection-lost';
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
