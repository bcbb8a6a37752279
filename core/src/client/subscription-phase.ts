import { NanoRpcError } from '../errors/nanorpc-error.js';
import { ResponseType } from '../protocol/messages.js';

/**
 * The life of a subscription on the client, as docs/protocol.md defines it (rule subscription-phases):
 * pending (subscribe sent) -> active (ack OK) -> unsubscribing (unsubscribe sent) -> terminated.
 * With `resubscribe`, a connection loss sends an active subscription back to pending: it will be
 * subscribed again under a new id once the client reconnects.
 */
export type SubscriptionPhase = 'pending' | 'active' | 'unsubscribing' | 'terminated';

/** What moves a subscription from one phase to the next. */
export type SubscriptionEvent =
  /** The subscribe ack arrived with STATUS_OK. */
  | 'ack-ok'
  /** The subscribe ack arrived with another status. */
  | 'ack-failed'
  /** The client sent the unsubscribe request. */
  | 'unsubscribe-sent'
  /** The unsubscribe ack arrived (any TYPE_RESPONSE with the id while unsubscribing). */
  | 'unsubscribe-acked'
  /** The connection dropped and the subscription will be restored after reconnecting. */
  | 'suspended'
  /** The connection dropped for good, the client closed, or the call timed out or was aborted. */
  | 'ended';

export class SubscriptionPhaseError extends NanoRpcError {
  declare readonly code: 'ERR_SUBSCRIPTION_PHASE';

  constructor(phase: SubscriptionPhase, event: SubscriptionEvent) {
    super('ERR_SUBSCRIPTION_PHASE', `event "${event}" is not allowed in phase "${phase}"`);
  }
}

const TRANSITIONS: Readonly<
  Record<SubscriptionPhase, Partial<Record<SubscriptionEvent, SubscriptionPhase>>>
> = {
  pending: { 'ack-ok': 'active', 'ack-failed': 'terminated', ended: 'terminated' },
  active: { 'unsubscribe-sent': 'unsubscribing', suspended: 'pending', ended: 'terminated' },
  unsubscribing: { 'unsubscribe-acked': 'terminated', ended: 'terminated' },
  terminated: {},
};

/** The phase after `event`; throws SubscriptionPhaseError for a move the machine forbids. */
export function nextPhase(phase: SubscriptionPhase, event: SubscriptionEvent): SubscriptionPhase {
  const next = TRANSITIONS[phase][event];
  if (next === undefined) throw new SubscriptionPhaseError(phase, event);
  return next;
}

export function canApply(phase: SubscriptionPhase, event: SubscriptionEvent): boolean {
  return TRANSITIONS[phase][event] !== undefined;
}

/**
 * What a frame carrying a subscription's id means in the subscription's current phase. Routing
 * on the id alone cannot tell the two TYPE_RESPONSEs apart; the phase can: the first one
 * (pending) is the subscribe ack, a later one (unsubscribing) is the unsubscribe ack.
 */
export type SubscriptionFrameRole = 'subscribe-ack' | 'update' | 'unsubscribe-ack' | 'unexpected';

export function classifySubscriptionFrame(
  phase: SubscriptionPhase,
  responseType: number,
): SubscriptionFrameRole {
  if (responseType === ResponseType.Response) {
    if (phase === 'pending') return 'subscribe-ack';
    if (phase === 'unsubscribing') return 'unsubscribe-ack';
    return 'unexpected';
  }
  if (responseType === ResponseType.Update) {
    // Updates published before the server saw the unsubscribe are still delivered.
    return phase === 'active' || phase === 'unsubscribing' ? 'update' : 'unexpected';
  }
  return 'unexpected';
}
