import type { TopicOptions } from './request-context.js';
import { UpdateFrame } from './update-frame.js';

/** Where a subscription's updates go: its session's single ordered write queue. */
export interface UpdateSink {
  /**
   * Queues `update` for each of the sink's subscriptions `ids`, in that order, as one write;
   * returns how many were queued (the others were dropped: backlog full, frame too large).
   */
  deliverUpdates(update: UpdateFrame, ids: readonly number[]): number;
}

/** One live subscription on the server: a session's id for a topic, with its filter. */
export interface ServerSubscription {
  readonly id: number;
  readonly topic: Topic;
  readonly filter: Uint8Array;
  readonly sink: UpdateSink;
}

/**
 * A subscribable path and its subscribers, grouped by session and in subscription order within
 * one. Each subscriber's updates go through its session's single ordered write queue, which
 * keeps per-subscription order; one publish is one write per session, however many of its
 * subscriptions take the update.
 */
export class Topic {
  readonly path: string;
  readonly hash: number;
  readonly options: TopicOptions;
  private readonly bySink = new Map<UpdateSink, Set<ServerSubscription>>();
  private count = 0;

  constructor(path: string, hash: number, options: TopicOptions) {
    this.path = path;
    this.hash = hash;
    this.options = options;
  }

  get subscriberCount(): number {
    return this.count;
  }

  add(subscription: ServerSubscription): void {
    let subscriptions = this.bySink.get(subscription.sink);
    if (subscriptions === undefined) {
      subscriptions = new Set();
      this.bySink.set(subscription.sink, subscriptions);
    }
    if (subscriptions.has(subscription)) return;
    subscriptions.add(subscription);
    this.count++;
  }

  remove(subscription: ServerSubscription): void {
    const subscriptions = this.bySink.get(subscription.sink);
    if (subscriptions === undefined || !subscriptions.delete(subscription)) return;
    this.count--;
    if (subscriptions.size === 0) this.bySink.delete(subscription.sink);
  }

  /**
   * Sends `data` to every subscriber whose filter accepts it; returns how many updates were
   * queued. `onFilterError` hears about a predicate that threw (that subscriber is skipped).
   */
  publish(data: Uint8Array, onFilterError: (error: unknown) => void): number {
    const accepts = this.options.filter;
    if (this.count === 0) return 0;
    // Encoded once; each subscriber only adds its id in front.
    const update = new UpdateFrame(data);
    let queued = 0;
    // A snapshot: a delivery may end a session, which removes its subscriptions.
    for (const [sink, subscriptions] of [...this.bySink]) {
      const ids: number[] = [];
      for (const subscription of subscriptions) {
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
        ids.push(subscription.id);
      }
      if (ids.length > 0) queued += sink.deliverUpdates(update, ids);
    }
    return queued;
  }
}
