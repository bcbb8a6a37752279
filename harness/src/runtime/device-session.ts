import {
  NanoRpcClient,
  type ClientOptions,
  type Subscription,
  type NanoRpcResponse,
} from '@nanorpc-sim/core';
import type { TraceRecord } from '../report/run-report.js';
import { ChangeNotifier } from './change-notifier.js';
import { StepFailure } from './step-failure.js';
import type { TraceRecorder } from './trace-recorder.js';

/** The harness client's options from the scenario's `client:` (durations in ms). */
export interface ClientPlan {
  autoConnect: boolean;
  hashPaths: boolean;
  reconnect: boolean;
  requestTimeoutMs?: number | undefined;
  connectTimeoutMs?: number | undefined;
  maxFrameSize?: number | undefined;
}

/** A subscription a scenario made, with the updates no step has consumed yet. */
export interface TrackedSubscription {
  readonly name: string;
  /** For messages: the path or its hash. */
  readonly pathText: string;
  /** The path string, when the scenario named it (for default payload types). */
  readonly path: string | undefined;
  readonly subscription: Subscription;
  readonly updateType: string | undefined;
  /** Updates received and not yet consumed by expect-updates. */
  readonly queue: NanoRpcResponse[];
  /** Updates received in all. */
  received: number;
}

/** The answer to an `async: true` request, once it settles. */
export interface AsyncRequest {
  readonly path: string | undefined;
  readonly pathText: string;
  readonly responseType: string | undefined;
  readonly sentAt: number;
  settled?: { response: NanoRpcResponse; latencyMs: number } | { error: Error };
}

/** A received frame, as the trace decoded it. */
export interface ReceivedFrame {
  readonly record: TraceRecord;
  matched: boolean;
}

/** Time allowed for each unsubscribe when a serial scenario cleans up. */
const RELEASE_TIMEOUT_MS = 1000;

/** Reconnect quickly: scenarios wait for recoveries with their own bounds. */
const SCENARIO_RECONNECT = { initialDelayMs: 50, maxDelayMs: 1000, multiplier: 2, jitter: 0.2 };

/**
 * The harness side of a device-under-test scenario: the client (a fresh one per connect),
 * the scenario's named subscriptions and async requests, what was received, and whether
 * anything arrived that must not (a frame for an id after its unsubscribe acknowledgement).
 */
export class DeviceSession {
  readonly changes = new ChangeNotifier();
  readonly subscriptions = new Map<string, TrackedSubscription>();
  readonly asyncRequests = new Map<string, AsyncRequest>();
  latestSubscription: string | undefined;
  /** Link drops not yet observed by expect-disconnect (or a step that waits for one). */
  pendingDisconnects = 0;
  /** Reconnections not yet observed by expect-reconnect. */
  pendingReconnects = 0;
  /** Frames received since the scenario started (rx only). */
  readonly received: ReceivedFrame[] = [];
  /** Index in `received` where expect-frame starts looking (the last send-raw). */
  rawCursor = 0;
  /**
   * Index in `received` where expect-silence starts looking: the end of the previous step, or
   * the moment bytes went out when the previous step was a send-raw (so a quick answer to them
   * is not missed).
   */
  silenceCursor = 0;
  /** Problems found between steps; the next step boundary fails the scenario with them. */
  readonly violations: string[] = [];

  private client: NanoRpcClient | undefined;
  private clientCount = 0;
  /** Ids whose unsubscribe was acknowledged, with the trace seq of the acknowledgement. */
  private readonly terminatedIds = new Map<number, { seq: number; name: string }>();
  private readonly stopListening: () => void;

  constructor(
    private readonly endpoint: string,
    private readonly clientPlan: ClientPlan,
    private readonly recorder: TraceRecorder,
    /** A serial line: closing the port does not end the device's session. */
    private readonly serial = false,
  ) {
    this.stopListening = recorder.listen((record) => this.onRecord(record));
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** True when no client is connected and none will reconnect by itself. */
  clientIdle(): boolean {
    const state = this.client?.state;
    return state === undefined || state === 'idle' || state === 'closed';
  }

  /** The current client; StepFailure when the scenario has not connected. */
  requireClient(): NanoRpcClient {
    if (this.client === undefined || this.client.state === 'closed') {
      throw new StepFailure('not connected: add a `connect` step (or set client.autoConnect)');
    }
    return this.client;
  }

  /** A brand-new client and connection. */
  async connect(options: { timeoutMs?: number | undefined; signal: AbortSignal }): Promise<void> {
    if (this.client !== undefined && this.client.state !== 'closed') {
      throw new StepFailure('already connected: `disconnect` first to open a fresh connection');
    }
    this.clientCount++;
    const clientOptions: ClientOptions = {
      name: `client#${this.clientCount}`,
      trace: this.recorder,
      alwaysHashPaths: this.clientPlan.hashPaths,
      reconnect: this.clientPlan.reconnect ? SCENARIO_RECONNECT : false,
      ...(this.clientPlan.requestTimeoutMs !== undefined && {
        requestTimeoutMs: this.clientPlan.requestTimeoutMs,
      }),
      ...(this.clientPlan.maxFrameSize !== undefined && {
        maxFrameSize: this.clientPlan.maxFrameSize,
      }),
    };
    const connectTimeout = options.timeoutMs ?? this.clientPlan.connectTimeoutMs;
    if (connectTimeout !== undefined)
      clientOptions.connectTimeoutMs = Math.max(1, Math.round(connectTimeout));
    const client = new NanoRpcClient(this.endpoint, clientOptions);
    this.client = client;
    let initial = true;
    client.on('connect', () => {
      if (!initial) this.pendingReconnects++;
      initial = false;
      this.changes.notify();
    });
    client.on('disconnect', () => {
      if (this.client === client && client.state !== 'closed') this.pendingDisconnects++;
      this.changes.notify();
    });
    // Without a listener the client keeps errors to itself; with one, nothing is thrown at us.
    client.on('error', () => this.changes.notify());
    const aborted = (): void => void client.close();
    options.signal.addEventListener('abort', aborted, { once: true });
    try {
      await client.connect();
    } catch (error) {
      await client.close();
      throw new StepFailure(`cannot connect to ${this.endpoint}: ${(error as Error).message}`, {
        expected: 'a connection',
        received: (error as Error).message,
      });
    } finally {
      options.signal.removeEventListener('abort', aborted);
    }
  }

  /** Closes the client (the harness side); its subscriptions end. */
  async disconnect(): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    await this.releaseSubscriptions();
    await client.close();
    this.subscriptions.clear();
    this.latestSubscription = undefined;
    this.pendingDisconnects = 0;
    this.pendingReconnects = 0;
    this.changes.notify();
  }

  track(entry: Omit<TrackedSubscription, 'queue' | 'received'>): TrackedSubscription {
    const tracked: TrackedSubscription = { ...entry, queue: [], received: 0 };
    this.subscriptions.set(entry.name, tracked);
    this.latestSubscription = entry.name;
    return tracked;
  }

  /** Queues an update for expect-updates (called from the subscribe step's update listener). */
  deliver(tracked: TrackedSubscription, update: NanoRpcResponse): void {
    tracked.queue.push(update);
    tracked.received++;
    this.changes.notify();
  }

  subscriptionNamed(name: string | undefined): TrackedSubscription {
    const key = name ?? this.latestSubscription;
    const tracked = key === undefined ? undefined : this.subscriptions.get(key);
    if (tracked === undefined) {
      const known = [...this.subscriptions.keys()];
      throw new StepFailure(
        key === undefined
          ? 'no subscription yet: add a `subscribe` step first'
          : `no subscription named "${key}" (known: ${known.length ? known.join(', ') : 'none'})`,
      );
    }
    return tracked;
  }

  /** From now on, any frame with `id` is a violation (the unsubscribe was acknowledged). */
  watchTerminated(id: number, name: string): void {
    this.terminatedIds.set(id, { seq: this.recorder.lastSeq, name });
    this.subscriptions.delete(name);
    if (this.latestSubscription === name) this.latestSubscription = undefined;
  }

  /** Frames with `id` received after its unsubscribe acknowledgement, if any. */
  lateFramesFor(id: number): TraceRecord[] {
    const watch = this.terminatedIds.get(id);
    if (watch === undefined) return [];
    return this.received
      .map((frame) => frame.record)
      .filter((record) => record.seq > watch.seq && record.decoded?.['requestId'] === id);
  }

  /** Marks where the next expect-frame and expect-silence start looking. */
  markRawSent(): void {
    this.rawCursor = this.received.length;
    this.silenceCursor = this.received.length;
  }

  /** A step other than send-raw ended: frames from now on are new for expect-silence. */
  markStepEnd(): void {
    this.silenceCursor = this.received.length;
  }

  async close(): Promise<void> {
    await this.releaseSubscriptions();
    this.stopListening();
    await this.client?.close();
  }

  /**
   * On a serial line the device cannot see the harness close the port, so its subscriptions
   * would outlive the scenario (and collide with the next client's ids). Unsubscribing what is
   * still active gives the next connection the clean session a socket would. Best effort.
   */
  private async releaseSubscriptions(): Promise<void> {
    if (!this.serial || this.client?.connected !== true) return;
    for (const tracked of [...this.subscriptions.values()]) {
      if (tracked.subscription.phase !== 'active') continue;
      await tracked.subscription
        .unsubscribe({ timeoutMs: RELEASE_TIMEOUT_MS })
        .catch(() => undefined);
    }
  }

  private onRecord(record: TraceRecord): void {
    // One scenario runs at a time and only harness clients trace here: every client rx is ours.
    if (record.direction !== 'rx' || record.role !== 'client') return;
    this.received.push({ record, matched: false });
    const id = record.decoded?.['requestId'];
    if (typeof id === 'number') {
      const watch = this.terminatedIds.get(id);
      if (watch !== undefined && record.seq > watch.seq) {
        this.violations.push(
          `a frame with request id ${id} (${String(record.decoded?.['responseType'])}) arrived after ` +
            `the unsubscribe of "${watch.name}" was acknowledged`,
        );
      }
    }
    this.changes.notify();
  }
}
