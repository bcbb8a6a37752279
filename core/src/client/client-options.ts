import { z } from 'zod';
import { DEFAULT_MAX_FRAME_SIZE } from '../protocol/frame-decoder.js';
import { HashCache } from '../protocol/hash-cache.js';
import type { FrameTrace } from '../transport/frame-trace.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { MAX_REQUEST_ID } from './id-allocator.js';
import { PayloadTypes } from './payload-types.js';
import { reconnectOptionsSchema, type ReconnectOptions } from './reconnect-policy.js';

export interface ClientOptions {
  /** Default time allowed for an answer, in ms (0 = wait forever). Default 5000. */
  requestTimeoutMs?: number;
  /** Time allowed to open the transport, in ms. Default 5000. */
  connectTimeoutMs?: number;
  /** Reconnect after the link drops (default: false, no reconnection). */
  reconnect?: false | ReconnectOptions;
  /**
   * Requests held until they can be sent (while (re)connecting, or while `maxInFlight` calls
   * are in flight); one more fails at once with QueueFullError. Default 64.
   */
  queueLimit?: number;
  /**
   * Calls sent and awaiting their answer at most (default 256). Backpressure instead of an
   * unbounded pile-up: while that many are in flight, a new call waits in the request queue
   * (its timeout running) and is sent, in order, as soon as an answer frees a slot; when the
   * queue holds `queueLimit` calls too, the new call fails at once with QueueFullError. Calls
   * the client makes itself (keep-alive pings, restoring subscriptions) are never held back.
   */
  maxInFlight?: number;
  /** Send string paths as their FNV-1a hash unless another known path shares it. */
  alwaysHashPaths?: boolean;
  /** Subscribe again (under new ids) after a reconnect. Default false. */
  resubscribe?: boolean;
  /** Ping after this many ms without receiving anything (0 = off, the default). */
  keepAliveMs?: number;
  /** Largest frame body accepted from the server. Default 64 KiB. */
  maxFrameSize?: number;
  /** Receives every frame sent and received. */
  trace?: FrameTrace;
  /** Typed payloads for callTyped() and subscribeTyped(). */
  payloads?: PayloadTypes;
  /** Names this client's links in traces and messages. Default "client". */
  name?: string;
  /** The client's path/hash cache (default: a new one). Register paths to detect collisions. */
  hashes?: HashCache;
  /**
   * Largest request id before the counter wraps to 1 (default and maximum 2^31 - 1). Lower it
   * for a peer that keeps fewer id bits, or to reach the wrap-around in a test.
   */
  maxRequestId?: number;
}

const traceSchema = z.custom<FrameTrace>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { record?: unknown }).record === 'function',
  { message: 'trace must have a record(event) method' },
);

const clientOptionsSchema = z.object({
  requestTimeoutMs: z.number().int().min(0).default(5000),
  connectTimeoutMs: z.number().int().min(1).default(5000),
  reconnect: z.union([z.literal(false), reconnectOptionsSchema]).default(false),
  queueLimit: z.number().int().min(0).default(64),
  maxInFlight: z.number().int().min(1).default(256),
  alwaysHashPaths: z.boolean().default(false),
  resubscribe: z.boolean().default(false),
  keepAliveMs: z.number().int().min(0).default(0),
  maxFrameSize: z.number().int().min(1).max(0xffffffff).default(DEFAULT_MAX_FRAME_SIZE),
  trace: traceSchema.optional(),
  payloads: z.instanceof(PayloadTypes).optional(),
  name: z.string().min(1).default('client'),
  hashes: z.instanceof(HashCache).optional(),
  maxRequestId: z.number().int().min(1).max(MAX_REQUEST_ID).default(MAX_REQUEST_ID),
});

export type ResolvedClientOptions = z.output<typeof clientOptionsSchema>;

/** Validates once, at construction (the undici habit); InvalidOptionsError names the option. */
export function resolveClientOptions(options: ClientOptions = {}): ResolvedClientOptions {
  const result = clientOptionsSchema.safeParse(options);
  if (!result.success) {
    throw new InvalidOptionsError(`invalid client options: ${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}
