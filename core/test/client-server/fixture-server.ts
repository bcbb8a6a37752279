import { Status } from '../../src/protocol/messages.js';
import { NanoRpcServer } from '../../src/server/server.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import { StatusError } from '../../src/protocol/status-error.js';

/**
 * The server the client-server tests talk to:
 *  /echo            data back, STATUS_OK
 *  /fail            throws Error('boom') -> STATUS_INTERNAL_ERROR "boom"
 *  /forbidden       StatusError NOT_AUTHORIZED "forbidden"
 *  /missing         StatusError NOT_FOUND "no such thing"
 *  /slow            answers "done" after data[0] * 10 ms (or when released), or fails on abort
 *  /silent          never answers until its signal aborts
 *  /whoami          "by hash" or "by string": how the request named its path
 *  /big             answers data[0] * 1024 bytes
 *  /publish         publishes data[1] updates on /topic (values data[0], data[0]+1, ...), then
 *                   answers; the updates are queued before the answer
 *  topic /topic     filter: empty = all, else update data[0] >= filter[0]
 *  topic /other     no filter
 *  topic /guarded   onSubscribe refuses with NOT_AUTHORIZED
 */
export interface FixtureServer {
  server: NanoRpcServer;
  /** Answers every waiting /slow request now. */
  releaseSlow(): void;
  /** Handler runs started, by path. */
  started: Map<string, number>;
  /** Signals of /silent and /slow handlers that were aborted. */
  aborted: string[];
}

export function makeFixtureServer(options: ServerOptions = {}): FixtureServer {
  const server = new NanoRpcServer(options);
  const started = new Map<string, number>();
  const aborted: string[] = [];
  let slowWaiters: (() => void)[] = [];
  const count = (path: string): void => {
    started.set(path, (started.get(path) ?? 0) + 1);
  };
  const waitFor = (ms: number | undefined, signal: AbortSignal, path: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        clearTimeout(timer);
        aborted.push(path);
        reject(new Error(`${path} aborted`));
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      if (path === '/slow') slowWaiters.push(done);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  server
    .handle('/echo', (ctx) => ctx.data)
    .handle('/fail', () => {
      throw new Error('boom');
    })
    .handle('/forbidden', () => {
      throw new StatusError(Status.NotAuthorized, 'forbidden');
    })
    .handle('/missing', () => {
      throw new StatusError(Status.NotFound, 'no such thing');
    })
    .handle('/slow', async (ctx) => {
      count('/slow');
      const ms = ctx.data.length > 0 ? (ctx.data[0] as number) * 10 : undefined;
      await waitFor(ms, ctx.signal, '/slow');
      return new TextEncoder().encode('done');
    })
    .handle('/silent', async (ctx) => {
      count('/silent');
      await waitFor(undefined, ctx.signal, '/silent');
    })
    .handle('/whoami', (ctx) =>
      new TextEncoder().encode(ctx.request.pathHash === undefined ? 'by string' : 'by hash'),
    )
    .handle('/big', (ctx) => new Uint8Array((ctx.data[0] ?? 0) * 1024))
    .handle('/publish', (ctx) => {
      const start = ctx.data[0] ?? 0;
      const n = ctx.data[1] ?? 1;
      let queued = 0;
      for (let i = 0; i < n; i++)
        queued += server.publish('/topic', Uint8Array.of((start + i) & 0xff));
      return Uint8Array.of(queued & 0xff, queued >> 8);
    })
    .topic('/topic', {
      filter: (filter, data) => filter.length === 0 || (data[0] ?? 0) >= (filter[0] ?? 0),
    })
    .topic('/other')
    .topic('/guarded', {
      onSubscribe: () => {
        throw new StatusError(Status.NotAuthorized, 'no updates for you');
      },
    });

  return {
    server,
    started,
    aborted,
    releaseSlow: () => {
      const waiters = slowWaiters;
      slowWaiters = [];
      for (const waiter of waiters) waiter();
    },
  };
}

/** Resolves when `predicate` holds, polling; rejects after `timeoutMs` (generous: no timing asserts). */
export async function until(
  predicate: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
export const text = (value: Uint8Array): string => new TextDecoder().decode(value);
