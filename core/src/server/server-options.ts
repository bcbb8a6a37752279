import { z } from 'zod';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { DEFAULT_MAX_FRAME_SIZE } from '../protocol/frame-decoder.js';
import type { FrameTrace } from '../transport/frame-trace.js';

export interface ServerLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface ServerOptions {
  /** Largest request body accepted; a larger frame is a framing error. Default 64 KiB. */
  maxFrameSize?: number;
  /** Live subscriptions per session; one more is refused. Default 32. */
  maxSubscriptionsPerSession?: number;
  /** Handlers running at once per session; one more is refused. Default 64. */
  maxInFlightPerSession?: number;
  /** Frames waiting to be written per session before updates are dropped. Default 1024. */
  maxQueuedWritesPerSession?: number;
  /**
   * Frames waiting to be written (answers included) at which the session is closed: its peer
   * sends but does not read. Default 16384; never below maxQueuedWritesPerSession.
   */
  maxWriteBacklogPerSession?: number;
  /**
   * Stream links: a session whose frame stays incomplete this long (ms, from its first byte)
   * is closed, so a slow sender cannot hold it forever. Default 30000; 0 turns it off. Serial
   * lines keep their own rule instead (resyncIdleMs drops the partial frame).
   */
  readTimeoutMs?: number;
  /** Sessions open at once; one more connection is closed at once, with a log line. Default 1024. */
  maxSessions?: number;
  /** Default: silent (the events carry everything). */
  logger?: ServerLogger;
  trace?: FrameTrace;
  /** Serial lines: idle gap (ms) after which a partial frame is dropped. Default 50. */
  resyncIdleMs?: number;
  /** Names the server's links in traces. Default "server". */
  name?: string;
}

const SILENT: ServerLogger = { info: () => undefined, warn: () => undefined };

const hasMethods = (value: unknown, names: string[]): boolean =>
  typeof value === 'object' &&
  value !== null &&
  names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

const serverOptionsSchema = z.object({
  maxFrameSize: z.number().int().min(16).max(0xffffffff).default(DEFAULT_MAX_FRAME_SIZE),
  maxSubscriptionsPerSession: z.number().int().min(0).default(32),
  maxInFlightPerSession: z.number().int().min(1).default(64),
  maxQueuedWritesPerSession: z.number().int().min(1).default(1024),
  maxWriteBacklogPerSession: z.number().int().min(1).default(16384),
  readTimeoutMs: z.number().int().min(0).default(30_000),
  maxSessions: z.number().int().min(1).default(1024),
  logger: z
    .custom<ServerLogger>((value) => hasMethods(value, ['info', 'warn']), {
      message: 'logger must have info() and warn()',
    })
    .default(SILENT),
  trace: z
    .custom<FrameTrace>((value) => hasMethods(value, ['record']), {
      message: 'trace must have a record(event) method',
    })
    .optional(),
  resyncIdleMs: z.number().int().min(1).default(50),
  name: z.string().min(1).default('server'),
});

export type ResolvedServerOptions = z.output<typeof serverOptionsSchema>;

export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const result = serverOptionsSchema.safeParse(options);
  if (!result.success) {
    throw new InvalidOptionsError(`invalid server options: ${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}
