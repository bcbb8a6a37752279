import { EventEmitter } from 'node:events';
import type { NanoRpcResponse } from '../protocol/messages.js';
import type { CallOptions } from './call-options.js';
import type { PathRef } from './path-ref.js';
import { nextPhase, type SubscriptionEvent, type SubscriptionPhase } from './subscription-phase.js';

/** Why a subscription reached `terminated`. */
export type TerminationReason =
  /** The unsubscribe ack arrived. */
  | 'unsubscribed'
  /** The subscribe ack had a status other than STATUS_OK. */
  | 'rejected'
  /** The session ended and the subscription was not (or could not be) restored. */
  | 'connection-lost'
  | 'client-closed'
  /** No subscribe ack within the timeout. */
  | 'timeout'
  /** The subscribe call's signal fired before the ack. */
  | 'aborted'
  /** Subscribing again after a reconnect failed (non-OK ack or no ack). */
  | 'resubscribe-failed';

export type SubscriptionEvents = {
  /** A TYPE_UPDATE, in publish order. */
  update: [update: NanoRpcResponse];
  /** Emitted once; nothing is delivered after it. */
  terminated: [reason: TerminationReason, error?: Error];
  /** The connection dropped; the subscription waits to be restored (phase back to pending). */
  suspended: [];
  /** Restored after a reconnect, under a new id. */
  resubscribed: [id: number, previousId: number];
};

/** What a Subscription needs from the client that made it. */
export interface SubscriptionOwner {
  unsubscribe(subscription: Subscription, options?: CallOptions): Promise<NanoRpcResponse>;
}

/**
 * One subscription as the application sees it. The object lives from subscribe() to its
 * termination, across reconnects when the client restores subscriptions (its id changes then).
 */
export class Subscription extends EventEmitter<SubscriptionEvents> {
  readonly path: PathRef;
  /** The filter sent with TYPE_SUBSCRIBE (empty = everything). */
  readonly filter: Uint8Array;
  private currentId: number;
  private currentPhase: SubscriptionPhase = 'pending';
  private endReason: TerminationReason | undefined;
  private readonly owner: SubscriptionOwner;
  /** Updates delivered so far, across reconnects. */
  updateCount = 0;

  constructor(owner: SubscriptionOwner, id: number, path: PathRef, filter: Uint8Array) {
    super();
    this.owner = owner;
    this.currentId = id;
    this.path = path;
    this.filter = filter;
  }

  /** The request id on the wire; a new one after each restore. */
  get id(): number {
    return this.currentId;
  }

  get phase(): SubscriptionPhase {
    return this.currentPhase;
  }

  /** Set once terminated. */
  get reason(): TerminationReason | undefined {
    return this.endReason;
  }

  /**
   * Sends the unsubscribe request and resolves with its ack (whatever its status). Updates that
   * were already in flight are still delivered until the ack arrives.
   */
  unsubscribe(options?: CallOptions): Promise<NanoRpcResponse> {
    return this.owner.unsubscribe(this, options);
  }

  /** @internal Applies a phase event; emits 'terminated' on reaching that phase. */
  applyEvent(event: SubscriptionEvent, reason?: TerminationReason, error?: Error): void {
    this.currentPhase = nextPhase(this.currentPhase, event);
    if (this.currentPhase === 'pending') this.emit('suspended');
    if (this.currentPhase === 'terminated') {
      this.endReason = reason ?? 'connection-lost';
      if (error === undefined) this.emit('terminated', this.endReason);
      else this.emit('terminated', this.endReason, error);
    }
  }

  /** @internal A restore under a new id. */
  assignId(id: number): void {
    this.currentId = id;
  }

  /** @internal Hands an update to listeners. */
  deliver(update: NanoRpcResponse): void {
    this.updateCount++;
    this.emit('update', update);
  }
}
