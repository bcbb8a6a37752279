import { NanoRpcClient } from '../../src/client/client.js';
import type { NanoRpcResponse } from '../../src/protocol/messages.js';
import { bytes, makeFixtureServer, until } from './fixture-server.js';

const RECONNECT = { initialDelayMs: 20, maxDelayMs: 100, multiplier: 2, jitter: 0 };

/**
 * Listeners run while the client tears a session down ('terminated', 'suspended'). A call made
 * from one of them must see the client's new state, not the link that is already gone.
 */
describe('calls made from listeners while a session ends', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(
    options: ConstructorParameters<typeof NanoRpcClient>[1],
  ): Promise<{ client: NanoRpcClient; fixture: ReturnType<typeof makeFixtureServer> }> {
    const fixture = makeFixtureServer();
    const listener = await fixture.server.listen('tcp://127.0.0.1:0');
    cleanups.push(() => fixture.server.close({ deadlineMs: 200 }));
    const client = new NanoRpcClient(listener.address, { requestTimeoutMs: 3000, ...options });
    cleanups.push(() => client.close());
    await client.connect();
    return { client, fixture };
  }

  it('without reconnection, a call from a terminated listener fails as not connected', async () => {
    const { client, fixture } = await setup({});
    const sub = await client.subscribe('/topic', undefined, () => undefined);
    // Settled into an outcome at once, so no rejection is ever left unhandled.
    const fromListener = new Promise<Promise<NanoRpcResponse | Error>>((resolve) =>
      sub.once('terminated', () =>
        resolve(client.request('/echo', bytes(1)).catch((error: Error) => error)),
      ),
    );
    await fixture.server.closeAllSessions();
    expect(await fromListener).toMatchObject({ code: 'ERR_NOT_CONNECTED' });
  });

  it('with reconnection, a call from a terminated listener is queued and sent after it', async () => {
    const { client, fixture } = await setup({ reconnect: RECONNECT });
    const sub = await client.subscribe('/topic', undefined, () => undefined);
    const fromListener = new Promise<Uint8Array | Error>((resolve) =>
      sub.once('terminated', () =>
        resolve(client.call('/echo', bytes(7)).catch((error: Error) => error)),
      ),
    );
    await fixture.server.closeAllSessions();
    expect(await fromListener).toEqual(bytes(7));
    await until(() => client.connected);
  });

  it('an unsubscribe from such a listener ends the subscription locally', async () => {
    const { client, fixture } = await setup({});
    const first = await client.subscribe('/topic', undefined, () => undefined);
    const second = await client.subscribe('/other', undefined, () => undefined);
    const fromListener = new Promise<NanoRpcResponse | Error>((resolve) =>
      first.once('terminated', () => resolve(second.unsubscribe().catch((error: Error) => error))),
    );
    await fixture.server.closeAllSessions();
    expect(await fromListener).toMatchObject({ code: 'ERR_CONNECTION_LOST' });
    expect(second.phase).toBe('terminated');
    expect(client.queuedCount).toBe(0);
  });
});
