import type { NanoRpcResponse } from '../protocol/messages.js';
import { Status } from '../protocol/messages.js';
import { StatusError } from '../protocol/status-error.js';
import { NanoRpcError } from '../errors/nanorpc-error.js';
import type { CallOptions } from './call-options.js';
import { subscribeSpec, unsubscribeSpec } from './call-spec.js';
import type { CallTable } from './call-table.js';
import { ConnectionLostError } from './client-errors.js';
import type { WirePath } from './path-ref.js';
import type { FailReason, PendingCall, StaleCall } from './pending-call.js';
import { Subscription, type TerminationReason } from './subscription.js';
import { SubscriptionPhaseError, classifySubscriptionFrame } from './subscription-phase.js';
import { SubscriptionRecord } from './subscription-record.js';

/**
 * The subscriptions of one client, one record each, found by their current id while they hold
 * one. Frames carrying a subscription's id are read by its phase (see subscription-phase.ts), so
 * the unsubscribe ack is never taken for the subscribe ack.
 */
export class SubscriptionTable {
  /** Records holding an id on the current session, by id. */
  private readonly byId = new Map<number, SubscriptionRecord>();
  /** Every live record (attached or suspended), by its subscription. */
  private readonly records = new Map<Subscription, SubscriptionRecord>();
  private readonly calls: CallTable;
  private readonly emitError: (error: Error) => void;

  constructor(calls: CallTable, emitError: (error: Error) => void) {
    this.calls = calls;
    this.emitError = emitError;
  }

  get(id: number): SubscriptionRecord | undefined {
    return this.byId.get(id);
  }

  /** Registers a subscription under `id` and sends its subscribe. */
  add(subscription: Subscription, wire: WirePath, options: CallOptions): Promise<NanoRpcResponse> {
    const record = new SubscriptionRecord(subscription, wire);
    this.records.set(subscription, record);
    this.attach(record);
    return this.sendSubscribe(record, false, options);
  }

  /** Sends the unsubscribe (or shares the one in flight); `connected` says if it can be sent. */
  async unsubscribe(
    subscription: Subscription,
    options: CallOptions,
    connected: () => boolean,
  ): Promise<NanoRpcResponse> {
    const record = this.records.get(subscription);
    if (record?.unsubscribed !== undefined) return record.unsubscribed;
    if (subscription.phase === 'pending') {
      if (record?.suspended === true) {
        // The server dropped it with the old session: there is nothing to send.
        this.end(record, 'unsubscribed');
        throw new ConnectionLostError(
          'not connected: the subscription had already ended with the connection',
        );
      }
      // A subscribe (or restore) is in flight: unsubscribe once its ack settles the phase.
      await settledPhase(subscription);
      return this.unsubscribe(subscription, options, connected);
    }
    if (subscription.phase !== 'active') {
      throw new SubscriptionPhaseError(subscription.phase, 'unsubscribe-sent');
    }
    if (record !== undefined && !connected()) {
      // Called while the session is being torn down: it is over, and the subscription with it.
      this.end(record, 'connection-lost');
      throw new ConnectionLostError('not connected: the subscription ended with the connection');
    }
    if (record === undefined || this.byId.get(subscription.id) !== record) {
      throw new NanoRpcError(
        'ERR_UNKNOWN_SUBSCRIPTION',
        'this client does not hold that subscription',
      );
    }
    subscription.applyEvent('unsubscribe-sent');
    const spec = unsubscribeSpec(subscription.id, subscription.path, record.wire, subscription);
    record.call = this.calls.start(spec, options);
    record.unsubscribed = record.call.promise;
    return record.unsubscribed;
  }

  /** A frame with a subscription's id; false when its phase has no use for it. */
  route(record: SubscriptionRecord, response: NanoRpcResponse): boolean {
    const subscription = record.subscription;
    const role = classifySubscriptionFrame(subscription.phase, response.responseType);
    // Only a call on the wire can be answered (a queued one's id has not been sent yet).
    const call = record.call?.state === 'sent' ? record.call : undefined;
    switch (role) {
      case 'update':
        subscription.deliver(response);
        return true;
      case 'subscribe-ack':
        if (call?.kind !== 'subscribe') return false;
        this.onSubscribeAck(record, call, response);
        return true;
      case 'unsubscribe-ack':
        if (call?.kind !== 'unsubscribe') return false;
        this.detach(record);
        this.records.delete(subscription);
        record.call = undefined;
        subscription.applyEvent('unsubscribe-acked', 'unsubscribed');
        this.calls.settle(call, response);
        return true;
      case 'unexpected':
        return false;
    }
  }

  /** A subscribe or unsubscribe failed without its answer (CallTableHooks). */
  callFailed(
    call: PendingCall,
    error: Error,
    reason: FailReason,
    keepIdFor: StaleCall | undefined,
    willRestore: boolean,
  ): void {
    const subscription = call.subscription as Subscription;
    const record = this.records.get(subscription);
    if (record === undefined) return;
    if (record.call === call) record.call = undefined;
    if (call.kind === 'subscribe' && call.restoring && willRestore) {
      this.detach(record);
      record.suspended = true;
      return;
    }
    this.detach(record, keepIdFor);
    this.records.delete(subscription);
    const end = terminationReason(reason, call.restoring);
    subscription.applyEvent('ended', end, error);
    if (end === 'resubscribe-failed') this.emitError(error);
  }

  /**
   * The session ended (after its calls failed): active subscriptions are suspended for a
   * restore or end; pending ones whose subscribe is still queued stay as they are.
   */
  sessionLost(willRestore: boolean): void {
    for (const record of [...this.byId.values()]) {
      if (record.subscription.phase !== 'active') continue;
      this.detach(record);
      if (willRestore) {
        record.subscription.applyEvent('suspended');
        record.suspended = true;
      } else {
        this.end(record, 'connection-lost');
      }
    }
  }

  /** Subscribes again, under new ids, every subscription suspended with the last session. */
  restore(): void {
    for (const record of [...this.records.values()]) {
      if (!record.suspended) continue;
      record.suspended = false;
      const subscription = record.subscription;
      const previousId = subscription.id;
      subscription.assignId(this.calls.ids.allocate());
      this.attach(record);
      this.sendSubscribe(record, true, {}).then(
        () => subscription.emit('resubscribed', subscription.id, previousId),
        () => undefined, // callFailed and onSubscribeAck already reported it
      );
    }
  }

  /** Ends the suspended subscriptions (reconnection given up). */
  endSuspended(reason: TerminationReason): void {
    for (const record of [...this.records.values()]) {
      if (record.suspended) this.end(record, reason);
    }
  }

  /** Ends every subscription (the client closed). */
  endAll(reason: TerminationReason): void {
    for (const record of [...this.records.values()]) this.end(record, reason);
  }

  private sendSubscribe(
    record: SubscriptionRecord,
    restoring: boolean,
    options: CallOptions,
  ): Promise<NanoRpcResponse> {
    record.call = this.calls.start(
      subscribeSpec(record.subscription, record.wire, restoring),
      options,
    );
    return record.call.promise;
  }

  private onSubscribeAck(
    record: SubscriptionRecord,
    call: PendingCall,
    response: NanoRpcResponse,
  ): void {
    const subscription = record.subscription;
    record.call = undefined;
    if (response.responseStatus === Status.Ok) {
      subscription.applyEvent('ack-ok');
      this.calls.settle(call, response);
      return;
    }
    const error = StatusError.fromResponse(response, this.calls.describe(call));
    // The subscription ends with the ack; the call is failed quietly, then told below.
    this.detach(record);
    this.records.delete(subscription);
    subscription.applyEvent(
      'ack-failed',
      call.restoring ? 'resubscribe-failed' : 'rejected',
      error,
    );
    this.calls.fail(call, error, 'rejected');
    if (call.restoring) this.emitError(error);
  }

  private attach(record: SubscriptionRecord): void {
    record.attached = true;
    this.byId.set(record.subscription.id, record);
  }

  /** Gives up the record's id: freed, or parked when the server may still use it. */
  private detach(record: SubscriptionRecord, keepIdFor?: StaleCall): void {
    if (!record.attached) return;
    record.attached = false;
    const id = record.subscription.id;
    if (this.byId.get(id) === record) this.byId.delete(id);
    this.calls.retireId(id, keepIdFor);
  }

  /** Terminates a subscription that no call is settling (close, failed reconnect). */
  private end(record: SubscriptionRecord, reason: TerminationReason): void {
    this.detach(record);
    this.records.delete(record.subscription);
    record.suspended = false;
    if (record.subscription.phase !== 'terminated') {
      record.subscription.applyEvent('ended', reason);
    }
  }
}

/** Resolves once a pending subscription's phase moved on (ack, suspension or termination). */
function settledPhase(subscription: Subscription): Promise<void> {
  return new Promise<void>((resolve) => {
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
    case 'rejected':
      return restoring ? 'resubscribe-failed' : 'rejected';
  }
}
