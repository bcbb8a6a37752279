import { setTimeout as sleep } from 'node:timers/promises';
import { NanoRpcClient, NanoRpcError, Status, type Endpoint } from '@nanorpc-sim/core';

const RETRY_INTERVAL_MS = 500;

/** The board did not answer a ping before the deadline. */
export class BoardWaitError extends NanoRpcError {
  declare readonly code: 'ERR_BOARD_TIMEOUT';

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_BOARD_TIMEOUT', message, options);
  }
}

/**
 * Pings `endpoint` until the device answers STATUS_OK. After an upload the port may be gone
 * for a while (USB re-enumeration) and the firmware may still be booting, so connection
 * errors and timeouts are retried until `timeoutMs` runs out. Resolves with the time it took.
 */
export async function waitForBoard(
  endpoint: Endpoint,
  timeoutMs: number,
  options: { signal?: AbortSignal; onAttempt?: (attempt: number, error: string) => void } = {},
): Promise<number> {
  const started = performance.now();
  const deadline = started + timeoutMs;
  let lastError = 'no attempt made';
  for (let attempt = 1; performance.now() < deadline; attempt++) {
    options.signal?.throwIfAborted();
    const remaining = Math.max(1, Math.round(deadline - performance.now()));
    const client = new NanoRpcClient(endpoint, {
      connectTimeoutMs: remaining,
      requestTimeoutMs: Math.min(remaining, 2000),
    });
    try {
      await client.connect();
      const response = await client.ping({ signal: options.signal });
      if (response.responseStatus === Status.Ok) return performance.now() - started;
      lastError = `ping answered status ${response.responseStatus}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    } finally {
      await client.close();
    }
    options.onAttempt?.(attempt, lastError);
    await sleep(Math.min(RETRY_INTERVAL_MS, Math.max(0, deadline - performance.now())));
  }
  throw new BoardWaitError(
    `the board did not answer a ping on ${endpoint.text} within ${timeoutMs} ms (last: ${lastError})`,
  );
}
