import { NanoRpcClient } from '../../src/client/client.js';
import {
  ConnectionLostError,
  QueueFullError,
  ReconnectFailedError,
} from '../../src/client/client-errors.js';
import type { Subscription, TerminationReason } from '../../src/client/subscription.js';
import { Status, type NanoRpcResponse } from '../../src/protocol/messages.js';
import { bytes, makeFixtureServer, until, type FixtureServer } from './fixture-server.js';

const RECONNECT = { initialDelayMs: 20, maxDelayMs: 100, multiplier: 2, jitter: 0.2 };

describe('reconnection', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startServer(port = 0): Promise<{ fixture: FixtureServer; port: number }> {
    const fixture = makeFixtureServer();
    const listener = await fixture.server.listen(`tcp://127.0.0.1:${port}`);
    cleanups.push(() => fixture.server.close({ deadlineMs: 200 }));
    return { fixture, port: Number(new URL(listener.address).port) };
  }

  function makeClient(
    port: number,
    options: ConstructorParameters<typeof NanoRpcClient>[1] = {},
  ): NanoRpcClient {
    const client = new NanoRpcClient(`tcp://127.0.0.1:${port}`, {
      requestTimeoutMs: 10_000,
      ...options,
    });
    cleanups.push(() => client.close());
    return client;
  }

  it('fails pending calls with ConnectionLostError when the link drops', async () => {
    const { fixture, port } = await startServer();
    const client = makeClient(port);
    await client.connect();
    const slow = expect(client.request('/silent')).rejects.toBeInstanceOf(ConnectionLostError);
    await until(() => fixture.started.get('/silent') === 1);
    await fixture.server.closeAllSessions();
    await slow;
    await expect(client.ping()).rejects.toMatchObject({ code: 'ERR_NOT_CONNECTED' });
    expect(client.state).toBe('idle');
    expect(fixture.aborted).toContain('/silent'); // the handler's signal fired with the session
  });

  it('ends subscriptions with the connection unless asked to restore them', async () => {
    const { fixture, port } = await startServer();
    const client = makeClient(port, { reconnect: RECONNECT });
    await client.connect();
    const sub = await client.subscribe('/topic', undefined, () => undefined);
    const ended = new Promise<TerminationReason>((resolve) => sub.once('terminated', resolve));
    await fixture.server.closeAllSessions();
    expect(await ended).toBe('connection-lost');
    await until(() => client.connected, 5000, 'reconnect');
    expect(fixture.server.subscriberCount('/topic')).toBe(0);
  });

  it('reconnects after a restart on the same port: queued calls go through, subscriptions restored', async () => {
    const first = await startServer();
    const port = first.port;
    const events: string[] = [];
    const client = makeClient(port, { reconnect: RECONNECT, resubscribe: true });
    client.on('connect', () => events.push('connect'));
    client.on('disconnect', () => events.push('disconnect'));
    client.on('reconnecting', ({ attempt }) => events.push(`reconnecting ${attempt}`));
    await client.connect();

    const updates: number[] = [];
    const sub: Subscription = await client.subscribe('/topic', bytes(5), (u) =>
      updates.push(u.data[0] as number),
    );
    const firstId = sub.id;
    await client.call('/publish', bytes(4, 3)); // 4 5 6 -> 5 6 pass the filter
    await until(() => updates.length === 2);

    await first.fixture.server.close({ deadlineMs: 200 });
    await until(() => client.state === 'reconnecting', 5000, 'reconnecting state');
    expect(sub.phase).toBe('pending');

    // Calls made while the server is down wait in the queue.
    const queued = [client.call('/echo', bytes(1)), client.call('/echo', bytes(2)), client.ping()];
    expect(client.queuedCount).toBe(3);
    await until(
      () => events.filter((e) => e.startsWith('reconnecting')).length >= 2,
      5000,
      'two attempts',
    );

    const second = await startServer(port);
    const [one, two, pong] = await Promise.all(queued);
    expect([one, two]).toEqual([bytes(1), bytes(2)]);
    expect((pong as NanoRpcResponse).responseStatus).toBe(Status.Ok);

    await until(() => sub.phase === 'active', 5000, 'resubscribed');
    expect(sub.id).not.toBe(firstId);
    expect(second.fixture.server.subscriberCount('/topic')).toBe(1);
    await client.call('/publish', bytes(9, 1));
    await until(() => updates.length === 3);
    expect(updates).toEqual([5, 6, 9]);
    expect(events[0]).toBe('connect');
    expect(events).toContain('disconnect');
    expect(events[events.length - 1]).toBe('connect');
  });

  it('refuses calls at once when the queue is full; an aborted call leaves the queue', async () => {
    const { fixture, port } = await startServer();
    const client = makeClient(port, { reconnect: RECONNECT, queueLimit: 2 });
    await client.connect();
    await fixture.server.close({ deadlineMs: 200 });
    await until(() => client.state === 'reconnecting');
    const controller = new AbortController();
    const first = client.ping();
    const second = client.ping({ signal: controller.signal });
    first.catch(() => undefined);
    second.catch(() => undefined);
    expect(client.queuedCount).toBe(2);
    await expect(client.ping()).rejects.toBeInstanceOf(QueueFullError);
    await expect(client.request('/echo')).rejects.toMatchObject({ code: 'ERR_QUEUE_FULL' });
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(client.queuedCount).toBe(1);
    const third = client.ping();
    third.catch(() => undefined);
    expect(client.queuedCount).toBe(2);
    await client.close();
    await expect(first).rejects.toMatchObject({ code: 'ERR_CLIENT_CLOSED' });
    await expect(third).rejects.toMatchObject({ code: 'ERR_CLIENT_CLOSED' });
  });

  it('ends a suspended subscription locally when unsubscribed while disconnected', async () => {
    const { fixture, port } = await startServer();
    const client = makeClient(port, { reconnect: RECONNECT, resubscribe: true });
    await client.connect();
    const sub = await client.subscribe('/topic', undefined, () => undefined);
    await fixture.server.close({ deadlineMs: 200 });
    await until(() => sub.phase === 'pending');
    await expect(sub.unsubscribe()).rejects.toBeInstanceOf(ConnectionLostError);
    expect(sub.phase).toBe('terminated');
    expect(sub.reason).toBe('unsubscribed');
  });

  it('gives up after maxAttempts and fails the queue', async () => {
    const { fixture, port } = await startServer();
    const client = makeClient(port, { reconnect: { ...RECONNECT, maxAttempts: 2 } });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    await client.connect();
    await fixture.server.close({ deadlineMs: 200 });
    await until(() => client.state === 'reconnecting');
    const queued = client.ping();
    await expect(queued).rejects.toBeInstanceOf(ConnectionLostError);
    await until(() => client.state === 'idle');
    expect(errors.some((e) => e instanceof ReconnectFailedError)).toBe(true);
  });
});
