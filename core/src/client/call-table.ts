import type { HashCache } from '../protocol/hash-cache.js';
import { ResponseType, Status, type NanoRpcResponse } from '../protocol/messages.js';
import type { CallOptions } from './call-options.js';
import { unsubscribeSpec, type CallSpec } from './call-spec.js';
import { AbortedError, QueueFullError, TimeoutError } from './client-errors.js';
import { DeadlineQueue } from './deadline-queue.js';
import { IdAllocator } from './id-allocator.js';
import { PendingCall, describeCall, type FailReason, type StaleCall } from './pending-call.js';
import { RequestQueue } from './request-queue.js';
import { classifySubscriptionFrame, type SubscriptionPhase } from './subscription-phase.js';

/** What the call table needs from the client around it. */
export interface CallTableHooks {
  /** Whether a frame can be written now (the link is up). */
  canSend(): boolean;
  /** Writes the call's frame; a write that fails must end up in fail(). */
  write(call: PendingCall): void;
  /**
   * A subscribe or unsubscribe ended without its answer: the subscription moves on. Its id is
   * to be retired with `keepIdFor` (see retireId); `willRestore` when the session ended and
   * the subscription will be restored.
   */
  subscriptionCallFailed(
    call: PendingCall,
    error: Error,
    reason: FailReason,
    keepIdFor: StaleCall | undefined,
    willRestore: boolean,
  ): void;
}

export interface CallTableOptions {
  maxRequestId: number;
  queueLimit: number;
  maxInFlight: number;
  requestTimeoutMs: number;
  hashes: HashCache;
}

/**
 * The calls of one client: request ids, the bounded queue of calls waiting to be sent, the
 * calls in flight by id, their deadlines, and the ids of calls given up on that the server may
 * still answer. Every call is settled or failed exactly once, and frees its in-flight slot for
 * the next queued call.
 */
export class CallTable {
  readonly ids: IdAllocator;
  readonly maxInFlight: number;
  private readonly pending = new Map<number, PendingCall>();
  private readonly queue: RequestQueue<PendingCall>;
  private readonly deadlines: DeadlineQueue<PendingCall>;
  /**
   * Ids of calls given up on (timeout, abort) after they were sent: the server may still answer
   * or publish with them, so they stay reserved until their late answer (see lateFrame) or the
   * end of the session.
   */
  private readonly stale = new Map<number, StaleCall>();
  private readonly hooks: CallTableHooks;
  private readonly hashes: HashCache;
  private readonly requestTimeoutMs: number;

  constructor(options: CallTableOptions, hooks: CallTableHooks) {
    this.ids = new IdAllocator({ maxId: options.maxRequestId });
    this.queue = new RequestQueue(options.queueLimit);
    this.maxInFlight = options.maxInFlight;
    this.requestTimeoutMs = options.requestTimeoutMs;
    this.hashes = options.hashes;
    this.hooks = hooks;
    this.deadlines = new DeadlineQueue((call) =>
      this.fail(
        call,
        new TimeoutError(`an answer to ${this.describe(call)}`, call.timeoutMs),
        'timeout',
      ),
    );
  }

  /** Calls sent and awaiting their answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Calls waiting to be sent. */
  get queuedCount(): number {
    return this.queue.size;
  }

  /** A sent call awaiting its answer. */
  get(id: number): PendingCall | undefined {
    return this.pending.get(id);
  }

  /** Throws QueueFullError (before an id is taken) when a new call would wait and cannot. */
  admit(): void {
    if (this.mustWait() && this.queue.full) throw new QueueFullError(this.queue.limit);
  }

  /** Starts a call: sends it now, or queues it until the link is up and a slot is free. */
  start(spec: CallSpec, options: CallOptions): PendingCall {
    const call = new PendingCall(spec, options.timeoutMs ?? this.requestTimeoutMs);
    const signal = options.signal;
    if (signal !== undefined) {
      if (signal.aborted) {
        this.fail(call, new AbortedError(this.describe(call), signal.reason), 'aborted');
        return call;
      }
      call.watchAbort(signal, () =>
        this.fail(call, new AbortedError(this.describe(call), signal.reason), 'aborted'),
      );
    }
    if (call.timeoutMs > 0) this.deadlines.add(call, call.timeoutMs);
    if (call.internal ? this.hooks.canSend() : !this.mustWait()) {
      this.send(call);
    } else {
      try {
        this.queue.push(call);
      } catch (error) {
        this.fail(call, error as Error, 'send-failed');
      }
    }
    return call;
  }

  /** Sends queued calls while the link is up and slots are free (after connecting, or a settle). */
  pump(): void {
    while (this.queue.size > 0 && this.pending.size < this.maxInFlight && this.hooks.canSend()) {
      const call = this.queue.shift() as PendingCall;
      this.send(call);
    }
  }

  /** The answer arrived. */
  settle(call: PendingCall, response: NanoRpcResponse): void {
    call.state = 'settled';
    this.finish(call);
    this.pending.delete(call.id);
    // A subscription's id stays with it (subscribe ack) or was freed when it ended (unsubscribe).
    if (call.subscription === undefined) this.ids.release(call.id);
    call.resolve(response);
    this.pump();
  }

  /** Ends a call without its answer; frees (or parks) its id and moves its subscription on. */
  fail(call: PendingCall, error: Error, reason: FailReason, willRestore = false): void {
    if (call.state === 'settled') return;
    const wasSent = call.state === 'sent';
    if (call.state === 'queued') this.queue.remove(call);
    call.state = 'settled';
    this.finish(call);
    if (this.pending.get(call.id) === call) this.pending.delete(call.id);
    const serverMayStillAnswer = wasSent && (reason === 'timeout' || reason === 'aborted');
    const keepIdFor = serverMayStillAnswer ? call : undefined;
    if (call.subscription === undefined) this.retireId(call.id, keepIdFor);
    else this.hooks.subscriptionCallFailed(call, error, reason, keepIdFor, willRestore);
    // No caller waits on a restore; its errors went to the client's 'error' event.
    if (!call.restoring) call.reject(error);
    if (wasSent) this.pump();
  }

  /** Fails every call in flight (the session ended or the client closed). */
  failSent(makeError: (call: PendingCall) => Error, reason: FailReason, willRestore = false): void {
    for (const call of [...this.pending.values()]) {
      this.fail(call, makeError(call), reason, willRestore);
    }
  }

  /** Fails every call still waiting to be sent. */
  failQueued(makeError: (call: PendingCall) => Error, reason: FailReason): void {
    for (const call of this.queue.drain()) this.fail(call, makeError(call), reason);
  }

  /** Frees an id, or parks it when the server may still use it (see lateFrame). */
  retireId(id: number, keepReservedFor: StaleCall | undefined): void {
    if (keepReservedFor === undefined) {
      this.ids.release(id);
      return;
    }
    const { kind, path, wire } = keepReservedFor;
    this.stale.set(id, { kind, path, wire });
  }

  /** The session is over: nothing can arrive with the parked ids any more. */
  endSession(): void {
    for (const id of this.stale.keys()) this.ids.release(id);
    this.stale.clear();
  }

  /** Stops the deadline timer; call once every call has been failed. */
  close(): void {
    this.deadlines.clear();
  }

  /**
   * A frame no call in flight took. When it carries the id of a call given up on: a subscribe or
   * unsubscribe given up on still moves through the subscription phases on the server, so its
   * frames are read by phase. A late OK subscribe ack means the server holds a subscription
   * nobody wants, which the client ends itself (the id stays reserved until that unsubscribe's
   * ack); any other late answer frees the id. Updates meanwhile reach no one.
   */
  lateFrame(response: NanoRpcResponse): void {
    const id = response.requestId;
    const stale = this.pending.has(id) ? undefined : this.stale.get(id);
    if (stale === undefined) return;
    const phase = stalePhase(stale);
    const role =
      phase === undefined
        ? response.responseType === ResponseType.Update
          ? 'update'
          : 'answer'
        : classifySubscriptionFrame(phase, response.responseType);
    if (role === 'update' || role === 'unexpected') return;
    this.stale.delete(id);
    const wire = stale.wire;
    if (role === 'subscribe-ack' && response.responseStatus === Status.Ok && wire !== undefined) {
      // No caller waits on it: its failures only decide what happens to the id (fail()).
      this.start(unsubscribeSpec(id, stale.path, wire), {}).promise.catch(() => undefined);
      return;
    }
    this.ids.release(id);
  }

  describe(call: PendingCall): string {
    return describeCall(call, this.hashes);
  }

  /** A new call waits when the queue is not empty (order is kept) or every slot is taken. */
  private mustWait(): boolean {
    return this.queue.size > 0 || this.pending.size >= this.maxInFlight || !this.hooks.canSend();
  }

  private send(call: PendingCall): void {
    call.state = 'sent';
    this.pending.set(call.id, call);
    this.hooks.write(call);
  }

  private finish(call: PendingCall): void {
    if (call.timeoutMs > 0) this.deadlines.delete(call, call.timeoutMs);
    call.unwatchAbort();
  }
}

/** The phase the server is in for a subscription call given up on (none for other calls). */
function stalePhase(stale: StaleCall): SubscriptionPhase | undefined {
  switch (stale.kind) {
    case 'subscribe':
      return 'pending';
    case 'unsubscribe':
      return 'unsubscribing';
    case 'ping':
    case 'request':
      return undefined;
  }
}
