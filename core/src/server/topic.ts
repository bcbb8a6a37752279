import type { TopicOptions } from './request-context.js';
import { UpdateFrame } from './update-frame.js';

/** One live subscription on the server: a session's id for a topic, with its filter. */
export interface ServerSubscription {
  readonly id: number;
  readonly topic: Topic;
  readonly filter: Uint8Array;
  /** Queues one update frame on the subscriber's session; false when it was dropped. */
  deliver(update: UpdateFrame): boolean;
}

/**
 * A subscribable path and its subscribers, in subscription order. Each subscriber's updates go
 * through its session's single ordered write queue, which keeps per-subscription order.
 */
export class Topic {
  readonly path: string;
  readonly hash: number;
  readonly options: TopicOptions;
  private readonly subscribers = new Set<ServerSubscription>();

  constructor(path: string, hash: number, options: TopicOptions) {
    this.path = path;
    this.hash = hash;
    this.options = options;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  add(subscription: ServerSubscription): void {
    this.subscribers.add(subscription);
  }

  remove(subscription: ServerSubscription): void {
    this.subscribers.delete(subscription);
  }

  /**
   * Sends `data` to every subscriber whose filter accepts it; returns how many updates were
   * queued. `onFilterError` hears about a predicate that threw (that subscriber is skipped).
   */
  publish(data: Uint8Array, onFilterError: (error: unknown) => void): number {
    const accepts = this.options.filter;
    if (this.subscribers.size === 0) return 0;
    // Encoded once; each subscriber only adds its id in front.
    const update = new UpdateFrame(data);
    let queued = 0;
    // A snapshot: a delivery may end a session, which removes its subscriptions from the set.
    for (const subscription of [...this.subscribers]) {
      if (accepts !== undefined) {
        let wanted: boolean;
        try {
          wanted = accepts(subscription.filter, data);
        } catch (error) {
          onFilterError(error);
          continue;
        }
        if (!wanted) continue;
      }
      if (subscription.deliver(update)) queued++;
    }
    return queued;
  }
}
