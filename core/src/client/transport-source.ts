import { connectTransport } from '../transport/connect.js';
import type { Endpoint } from '../transport/endpoint.js';
import type { Transport } from '../transport/transport.js';
import { TimeoutError } from './client-errors.js';

/** Where the client gets its links: an endpoint, or a factory (the emulator's fault wrappers). */
export type TransportSource = string | Endpoint | ((signal: AbortSignal) => Promise<Transport>);

/** Opens one transport from `source` within `timeoutMs`; a factory gets the same limit. */
export async function openTransport(
  source: TransportSource,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Transport> {
  if (typeof source !== 'function') return connectTransport(source, { timeoutMs, signal });
  const opening = source(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError('the transport to open', timeoutMs)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([opening, timeout]);
  } catch (error) {
    // A transport that opens too late is closed.
    opening.then((late: Transport) => late.close()).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
