import type { HashCache } from '../protocol/hash-cache.js';
import type { NanoRpcResponse, ResponseType } from '../protocol/messages.js';
import type { CallKind, CallSpec } from './call-spec.js';
import { describePath, type PathRef, type WirePath } from './path-ref.js';
import type { Subscription } from './subscription.js';

/** Why a call ended without its answer ('rejected': a subscribe ack other than STATUS_OK). */
export type FailReason =
  'timeout' | 'aborted' | 'connection-lost' | 'client-closed' | 'send-failed' | 'rejected';

/** A call given up on after it was sent, as far as a late frame with its id needs to know. */
export interface StaleCall {
  readonly kind: CallKind;
  readonly path: PathRef | undefined;
  readonly wire: WirePath | undefined;
}

/**
 * A call from creation to its answer; it holds its id from start to settlement. A class with
 * plain fields (not a bag of closures) keeps the per-call cost to one object and one promise.
 */
export class PendingCall implements StaleCall {
  readonly kind: CallKind;
  readonly id: number;
  readonly frame: Uint8Array;
  readonly path: PathRef | undefined;
  readonly wire: WirePath | undefined;
  readonly expects: ResponseType;
  readonly subscription: Subscription | undefined;
  readonly restoring: boolean;
  readonly internal: boolean;
  /** Time allowed for the answer, queueing included (0 = forever). */
  readonly timeoutMs: number;
  readonly promise: Promise<NanoRpcResponse>;
  state: 'queued' | 'sent' | 'settled' = 'queued';
  resolve!: (response: NanoRpcResponse) => void;
  reject!: (error: Error) => void;
  private signal: AbortSignal | undefined;
  private onAbort: (() => void) | undefined;

  constructor(spec: CallSpec, timeoutMs: number) {
    this.kind = spec.kind;
    this.id = spec.id;
    this.frame = spec.frame;
    this.path = spec.path;
    this.wire = spec.wire;
    this.expects = spec.expects;
    this.subscription = spec.subscription;
    this.restoring = spec.restoring ?? false;
    this.internal = spec.internal ?? false;
    this.timeoutMs = timeoutMs;
    this.promise = new Promise<NanoRpcResponse>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  watchAbort(signal: AbortSignal, onAbort: () => void): void {
    this.signal = signal;
    this.onAbort = onAbort;
    signal.addEventListener('abort', onAbort, { once: true });
  }

  unwatchAbort(): void {
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort);
    this.signal = undefined;
    this.onAbort = undefined;
  }
}

/** For messages: "TYPE_REQUEST id 7 for /echo". */
export function describeCall(call: StaleCall & { readonly id: number }, hashes: HashCache): string {
  const path = call.path === undefined ? '' : describePath(call.path, hashes);
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
