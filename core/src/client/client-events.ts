import type { NanoRpcResponse } from '../protocol/messages.js';

/**
 * idle: not connected (new, or dropped without reconnection); calls fail with NotConnectedError.
 * connecting / reconnecting: calls wait in the bounded queue. closed: calls fail at once.
 */
export type ClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export type ClientEvents = {
  connect: [];
  disconnect: [error?: Error];
  reconnecting: [info: { attempt: number; delayMs: number }];
  /** Emitted only when someone listens, so an unobserved client never crashes the process. */
  error: [error: Error];
  /** A frame no pending call or live subscription could take (late, stray or out of phase). */
  unmatched: [response: NanoRpcResponse];
};
