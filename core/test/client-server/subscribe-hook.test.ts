import { NanoRpcClient } from '../../src/client/client.js';
import { Status, type NanoRpcResponse } from '../../src/protocol/messages.js';
import { NanoRpcServer } from '../../src/server/server.js';
import { StatusError } from '../../src/protocol/status-error.js';
import { bytes, until } from './fixture-server.js';

/**
 * A topic's onSubscribe hook written as an async function: its outcome decides the ack, the
 * ack still comes before any update, and a rejection never escapes as an unhandled one.
 */
describe('an asynchronous onSubscribe hook', () => {
  let server: NanoRpcServer;
  let client: NanoRpcClient;
  let release: (() => void) | undefined;

  beforeEach(async () => {
    server = new NanoRpcServer();
    server
      .topic('/refused', {
        onSubscribe: async () => {
          await new Promise((resolve) => setImmediate(resolve));
          throw new StatusError(Status.NotAuthorized, 'later, no');
        },
      })
      .topic('/broken', {
        onSubscribe: async () => {
          await new Promise((resolve) => setImmediate(resolve));
          throw new Error('hook failed');
        },
      })
      .topic('/gated', {
        onSubscribe: () =>
          new Promise<void>((resolve) => {
            release = resolve;
          }),
      });
    const listener = await server.listen('tcp://127.0.0.1:0');
    client = new NanoRpcClient(listener.address, { requestTimeoutMs: 5000 });
    await client.connect();
  });

  afterEach(async () => {
    await client.close();
    await server.close({ deadlineMs: 200 });
  });

  it('refuses the subscription with the status the hook rejects with', async () => {
    await expect(client.subscribe('/refused', undefined, () => undefined)).rejects.toMatchObject({
      status: Status.NotAuthorized,
      responseMessage: 'later, no',
    });
    await expect(client.subscribe('/broken', undefined, () => undefined)).rejects.toMatchObject({
      status: Status.InternalError,
      responseMessage: 'hook failed',
    });
    expect(server.subscriberCount('/refused') + server.subscriberCount('/broken')).toBe(0);
    expect((await client.ping()).responseStatus).toBe(Status.Ok);
  });

  it('acks only once the hook resolves, and delivers nothing before the ack', async () => {
    const updates: NanoRpcResponse[] = [];
    const subscribing = client.subscribe('/gated', undefined, (u) => updates.push(u));
    await until(() => release !== undefined, 5000, 'the hook to run');
    expect(server.publish('/gated', bytes(1))).toBe(0);
    release?.();
    const sub = await subscribing;
    expect(sub.phase).toBe('active');
    expect(server.publish('/gated', bytes(2))).toBe(1);
    await until(() => updates.length === 1, 5000, 'one update');
    expect(updates[0]?.data).toEqual(bytes(2));
  });
});
