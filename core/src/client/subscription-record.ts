import type { NanoRpcResponse } from '../protocol/messages.js';
import type { PendingCall } from './pending-call.js';
import type { WirePath } from './path-ref.js';
import type { Subscription } from './subscription.js';

/**
 * Everything the client keeps about one subscription, in one place: the public object (its
 * phase, id, listeners and update count), the path fields it was sent with, the call whose
 * answer moves its phase next, and whether it waits for a reconnect to be restored.
 */
export class SubscriptionRecord {
  readonly subscription: Subscription;
  /** The path fields the subscribe was sent with; its unsubscribe repeats them. */
  readonly wire: WirePath;
  /** The subscribe (pending) or unsubscribe (unsubscribing) awaiting its answer. */
  call: PendingCall | undefined;
  /** The unsubscribe's answer, shared by a second unsubscribe() while it is in flight. */
  unsubscribed: Promise<NanoRpcResponse> | undefined;
  /** Dropped with the session: it waits for a reconnect to be subscribed again (no id held). */
  suspended = false;
  /** Holds its id on the current session (pending, active or unsubscribing). */
  attached = false;

  constructor(subscription: Subscription, wire: WirePath) {
    this.subscription = subscription;
    this.wire = wire;
  }
}
