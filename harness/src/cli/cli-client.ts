import { NanoRpcClient, type Endpoint } from '@nanorpc-sim/core';

/** The client of a one-shot command: --timeout bounds the connect and each answer. */
export function cliClient(endpoint: Endpoint, timeoutMs: number): NanoRpcClient {
  const limit = Math.max(1, Math.round(timeoutMs));
  return new NanoRpcClient(endpoint, { requestTimeoutMs: limit, connectTimeoutMs: limit });
}
