import { EventEmitter } from 'node:events';
import { decodeResponse } from '../protocol/codec.js';
import { HashCache } from '../protocol/hash-cache.js';
import { Status, type NanoRpcResponse } from '../protocol/messages.js';
import { StatusError } from '../protocol/status-error.js';
import type { Transport } from '../transport/transport.js';
import type { CallOptions, RequestOptions } from './call-options.js';
import { pingSpec, requestSpec, type CallSpec } from './call-spec.js';
import { CallTable } from './call-table.js';
import {
  ClientClosedError,
  ConnectionLostError,
  NotConnectedError,
  type ReconnectFailedError,
} from './client-errors.js';
import type { ClientEvents, ClientState } from './client-events.js';
import {
  resolveClientOptions,
  type ClientOptions,
  type ResolvedClientOptions,
} from './client-options.js';
import { Connection } from './connection.js';
import { PayloadError, type JsonObject } from './json-payload.js';
import { describePath, toWirePath, type PathRef } from './path-ref.js';
import type { PayloadTypes } from './payload-types.js';
import type { PendingCall } from './pending-call.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { Subscription, type SubscriptionOwner } from './subscription.js';
import { SubscriptionTable } from './subscription-table.js';
import type { TransportSource } from './transport-source.js';

export type { ClientEvents, ClientState } from './client-events.js';
export type { TransportSource } from './transport-source.js';

const EMPTY = new Uint8Array(0);

/**
 * A NanoRPC client over any transport: the public face of three parts, the way undici splits
 * its client. The Connection owns the link (connect, reconnect, keep-alive); the CallTable owns
 * the calls (ids, the bounded queue, `maxInFlight`, deadlines, settle or fail once); the
 * SubscriptionTable keeps one record per subscription and reads its frames by phase. Calls
 * return promises; answers are matched to calls by request id.
 */
export class NanoRpcClient extends EventEmitter<ClientEvents> implements SubscriptionOwner {
  readonly options: ResolvedClientOptions;
  /** Paths this client used, for hashing and collision detection. */
  readonly hashes: HashCache;
  private readonly connection: Connection;
  private readonly calls: CallTable;
  private readonly subscriptions: SubscriptionTable;

  constructor(source: TransportSource, options: ClientOptions = {}) {
    super();
    this.options = resolveClientOptions(options);
    this.hashes = this.options.hashes ?? new HashCache();
    const resolved = this.options;
    const reconnect = resolved.reconnect;
    this.calls = new CallTable(
      {
        maxRequestId: resolved.maxRequestId,
        queueLimit: resolved.queueLimit,
        maxInFlight: resolved.maxInFlight,
        requestTimeoutMs: resolved.requestTimeoutMs,
        hashes: this.hashes,
      },
      {
        canSend: () => this.connection.state === 'connected',
        write: (call) => this.write(call),
        subscriptionCallFailed: (call, error, reason, keepIdFor, willRestore) =>
          this.subscriptions.callFailed(call, error, reason, keepIdFor, willRestore),
      },
    );
    this.subscriptions = new SubscriptionTable(this.calls, (error) => this.emitError(error));
    this.connection = new Connection(
      {
        source,
        connectTimeoutMs: resolved.connectTimeoutMs,
        maxFrameSize: resolved.maxFrameSize,
        name: resolved.name,
        trace: resolved.trace,
        reconnect: reconnect === false ? undefined : new ReconnectPolicy(reconnect),
        keepAliveMs: resolved.keepAliveMs,
        keepAlivePingTimeoutMs: resolved.requestTimeoutMs,
      },
      {
        frame: (body) => this.onFrame(body),
        opened: () => {
          this.subscriptions.restore();
          this.calls.pump();
        },
        lost: (error, willReconnect) => this.onConnectionLost(error, willReconnect),
        connectFailed: (error) =>
          this.calls.failQueued(
            (call) =>
              new ConnectionLostError(`could not connect for ${this.calls.describe(call)}`, {
                cause: error,
              }),
            'connection-lost',
          ),
        gaveUp: (failure) => this.onReconnectGivenUp(failure),
        ping: (timeoutMs) =>
          this.startCall(pingSpec(this.calls.ids.allocate(), true), { timeoutMs }),
        emitError: (error) => this.emitError(error),
      },
      this,
    );
  }

  get state(): ClientState {
    return this.connection.state;
  }

  get connected(): boolean {
    return this.connection.state === 'connected';
  }

  /** The current link's transport, while connected. */
  get transport(): Transport | undefined {
    return this.connection.link?.transport;
  }

  /** Calls waiting to be sent: for the connection, or for one of `maxInFlight` slots. */
  get queuedCount(): number {
    return this.calls.queuedCount;
  }

  /** Calls sent and not yet answered. */
  get pendingCount(): number {
    return this.calls.pendingCount;
  }

  /** Opens the link. While reconnecting, resolves when the reconnection succeeds. */
  connect(): Promise<void> {
    return this.connection.connect();
  }

  /** Fails everything pending, ends every subscription, closes the link. Idempotent. */
  async close(): Promise<void> {
    if (this.connection.state === 'closed') return;
    this.connection.markClosed();
    const calls = this.calls;
    calls.failSent(
      (call) => new ClientClosedError(`client closed before an answer to ${calls.describe(call)}`),
      'client-closed',
    );
    calls.failQueued(
      (call) => new ClientClosedError(`client closed before ${calls.describe(call)} was sent`),
      'client-closed',
    );
    calls.close();
    this.subscriptions.endAll('client-closed');
    await this.connection.closeLink();
  }

  /*
   * ping() and request() are not `async`: they hand back the call's own promise, which saves a
   * promise and two microtask turns per call; what they throw becomes a rejection all the same.
   */

  /** TYPE_PING; resolves with the TYPE_PONG (whatever its status). */
  ping(options: CallOptions = {}): Promise<NanoRpcResponse> {
    try {
      this.admit();
      return this.startCall(pingSpec(this.calls.ids.allocate()), options);
    } catch (error) {
      return Promise.reject(asError(error));
    }
  }

  /** TYPE_REQUEST; resolves with the TYPE_RESPONSE whatever its status. */
  request(
    path: PathRef,
    data: Uint8Array = EMPTY,
    options: RequestOptions = {},
  ): Promise<NanoRpcResponse> {
    try {
      this.admit();
      const wire = toWirePath(path, this.hashes, options.hashPath ?? this.options.alwaysHashPaths);
      return this.startCall(requestSpec(this.calls.ids.allocate(), path, wire, data), options);
    } catch (error) {
      return Promise.reject(asError(error));
    }
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
    const subscription = new Subscription(this, this.calls.ids.allocate(), path, filter ?? EMPTY);
    subscription.on('update', (update) => {
      try {
        onUpdate(update);
      } catch (error) {
        this.emitError(asError(error));
      }
    });
    await this.subscriptions.add(subscription, wire, options);
    return subscription;
  }

  /** Unsubscribes (normally called as subscription.unsubscribe()). */
  unsubscribe(subscription: Subscription, options: CallOptions = {}): Promise<NanoRpcResponse> {
    return this.subscriptions.unsubscribe(subscription, options, () => this.connected);
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
    if (this.connection.state === 'closed') throw new ClientClosedError();
    const link = this.connection.link;
    if (link === undefined || !this.connected) throw new NotConnectedError();
    await link.sendRaw(bytes);
  }

  /** Throws before an id is taken when the call cannot even be queued. */
  private admit(): void {
    switch (this.connection.state) {
      case 'closed':
        throw new ClientClosedError();
      case 'idle':
        throw new NotConnectedError();
      case 'connecting':
      case 'reconnecting':
      case 'connected':
        this.calls.admit();
    }
  }

  private startCall(spec: CallSpec, options: CallOptions): Promise<NanoRpcResponse> {
    return this.calls.start(spec, options).promise;
  }

  private write(call: PendingCall): void {
    const link = this.connection.link;
    if (link === undefined) {
      // Never silently: a call that is neither queued nor pending would wait for nothing.
      this.calls.fail(call, new NotConnectedError(), 'send-failed');
      return;
    }
    link.send(call.frame).catch((error: unknown) => {
      // A write that fails because the link closed is handled by the link's 'close'.
      if (link.closed) return;
      this.calls.fail(call, asError(error), 'send-failed');
      // A transport that refuses writes but never reports its end would hold the client
      // "connected" for ever: end the link, so the calls on it fail and reconnection starts.
      void link.close();
    });
  }

  private onConnectionLost(error: Error | undefined, willReconnect: boolean): void {
    const willRestore = willReconnect && this.options.resubscribe;
    const calls = this.calls;
    calls.failSent(
      (call) =>
        new ConnectionLostError(
          `connection lost while waiting for an answer to ${calls.describe(call)}` +
            (error === undefined ? '' : `: ${error.message}`),
          error === undefined ? undefined : { cause: error },
        ),
      'connection-lost',
      willRestore,
    );
    this.subscriptions.sessionLost(willRestore);
    calls.endSession();
    // Calls held back by maxInFlight wait for the reconnection, or fail with the session.
    if (!willReconnect) {
      calls.failQueued(
        (call) =>
          new ConnectionLostError(`connection lost before ${calls.describe(call)} was sent`),
        'connection-lost',
      );
    }
  }

  private onReconnectGivenUp(failure: ReconnectFailedError): void {
    this.calls.failQueued(
      (call) =>
        new ConnectionLostError(`${failure.message}; ${this.calls.describe(call)} was not sent`, {
          cause: failure,
        }),
      'connection-lost',
    );
    this.subscriptions.endSuspended('connection-lost');
  }

  private onFrame(body: Uint8Array): void {
    let response: NanoRpcResponse;
    try {
      response = decodeResponse(body);
    } catch (error) {
      this.emitError(asError(error));
      // docs/protocol.md, rule bad-frame-stream: a body that does not decode ends a stream
      // session (its calls fail as lost, none waits for its timeout); a serial line drops the
      // frame and goes on (rule serial-resync).
      const link = this.connection.link;
      if (link !== undefined && link.transport.recovery === 'close') void link.close();
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
    const record = this.subscriptions.get(id);
    if (record !== undefined) {
      if (!this.subscriptions.route(record, response)) this.emit('unmatched', response);
      return;
    }
    const call = this.calls.get(id);
    if (call !== undefined && call.expects === response.responseType) {
      this.calls.settle(call, response);
      return;
    }
    this.calls.lateFrame(response);
    this.emit('unmatched', response);
  }

  private requirePayloads(): PayloadTypes {
    const payloads = this.options.payloads;
    if (payloads === undefined) {
      throw new PayloadError('ERR_PAYLOAD_TYPE', 'typed calls need the client option "payloads"');
    }
    return payloads;
  }

  private emitError(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
