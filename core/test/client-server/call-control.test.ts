import path from 'node:path';
import { NanoRpcClient } from '../../src/client/client.js';
import { AbortedError, TimeoutError } from '../../src/client/client-errors.js';
import { PayloadTypes } from '../../src/client/payload-types.js';
import { decodeRequest } from '../../src/protocol/codec.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { RequestType, Status, type NanoRpcResponse } from '../../src/protocol/messages.js';
import { REPO_PROTO_DIR as PROTO_DIR } from '../support/repo-paths.js';
import { MemoryFrameTrace } from '../../src/transport/memory-frame-trace.js';
import { listenLoopback, type LoopbackServer } from '../support/loopback-server.js';
import { bytes, makeFixtureServer, text, until, type FixtureServer } from './fixture-server.js';

describe('timeouts, aborts, keep-alive and typed calls', () => {
  let fixture: FixtureServer;
  let address: string;
  const clients: NanoRpcClient[] = [];

  beforeAll(async () => {
    fixture = makeFixtureServer();
    const types = PayloadTypes.fromProtoFiles(path.join(PROTO_DIR, 'demo_device.proto'));
    const multiply = types.typesOf('/calc/multiply');
    fixture.server.handle('/calc/multiply', (ctx) => {
      const request = multiply?.request?.decode(ctx.data) as unknown as { a: number; b: number };
      return multiply?.response?.encode({ product: request.a * request.b }).finish();
    });
    fixture.server.handle('/p/35zx', (ctx) =>
      new TextEncoder().encode(ctx.request.pathHash === undefined ? 'by string' : 'by hash'),
    );
    address = (await fixture.server.listen('tcp://127.0.0.1:0')).address;
  });

  afterAll(async () => {
    await fixture.server.close({ deadlineMs: 200 });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
  });

  async function newClient(
    options: ConstructorParameters<typeof NanoRpcClient>[1] = {},
  ): Promise<NanoRpcClient> {
    const client = new NanoRpcClient(address, { requestTimeoutMs: 10_000, ...options });
    clients.push(client);
    await client.connect();
    return client;
  }

  it('times out a call and reports the late answer as unmatched', async () => {
    const client = await newClient();
    const unmatched: NanoRpcResponse[] = [];
    client.on('unmatched', (response) => unmatched.push(response));
    const call = client.request('/slow', bytes(5), { timeoutMs: 1 }); // answered after ~50 ms
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).code).toBe('ERR_TIMEOUT');
    expect((error as Error).message).toMatch(/TYPE_REQUEST id \d+ for \/slow/);
    await until(() => unmatched.length === 1, 5000, 'the late answer');
    expect(text(unmatched[0]?.data ?? bytes())).toBe('done');
    expect(client.pendingCount).toBe(0);
  });

  it('times out a subscribe and terminates the subscription', async () => {
    const client = await newClient();
    // No server answers: connect to a socket that reads and never writes.
    const silent = await startSilentServer();
    try {
      const quiet = new NanoRpcClient(silent.address, { requestTimeoutMs: 50 });
      clients.push(quiet);
      await quiet.connect();
      await expect(quiet.subscribe('/topic', undefined, () => undefined)).rejects.toBeInstanceOf(
        TimeoutError,
      );
      await expect(quiet.ping({ timeoutMs: 20 })).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    } finally {
      await silent.close();
    }
    expect((await client.ping()).responseStatus).toBe(Status.Ok);
  });

  it('aborts a sent call, and refuses an already aborted signal without sending', async () => {
    const trace = new MemoryFrameTrace();
    const client = await newClient({ trace });
    const controller = new AbortController();
    const call = client.request('/silent', undefined, { signal: controller.signal });
    await until(() => fixture.started.get('/silent') === 1);
    controller.abort(new Error('changed my mind'));
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).code).toBe('ERR_ABORTED');
    expect(((error as Error).cause as Error).message).toBe('changed my mind');

    const sentBefore = trace.filter('tx').length;
    await expect(
      client.request('/echo', undefined, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortedError);
    expect(trace.filter('tx').length).toBe(sentBefore);
  });

  it('pings after keepAliveMs without traffic', async () => {
    const trace = new MemoryFrameTrace();
    await newClient({ trace, keepAliveMs: 30 });
    const pings = (): number =>
      trace.filter('tx', 'frame').filter((event) => {
        let type = -1;
        new FrameDecoder((body) => {
          type = decodeRequest(body).requestType;
        }).push(event.bytes);
        return type === RequestType.Ping;
      }).length;
    await until(() => pings() >= 2, 5000, 'two keep-alive pings');
  });

  it('closes a link whose keep-alive ping gets no pong', async () => {
    const silent = await startSilentServer();
    try {
      const client = new NanoRpcClient(silent.address, { keepAliveMs: 20, requestTimeoutMs: 50 });
      clients.push(client);
      const errors: Error[] = [];
      client.on('error', (error) => errors.push(error));
      const disconnected = new Promise((resolve) => client.once('disconnect', resolve));
      await client.connect();
      await disconnected;
      expect(errors.some((e) => e instanceof TimeoutError && /keep-alive/.test(e.message))).toBe(
        true,
      );
      expect(client.state).toBe('idle');
    } finally {
      await silent.close();
    }
  });

  it('encodes JSON requests and decodes JSON answers with payload types', async () => {
    const payloads = PayloadTypes.fromProtoFiles(path.join(PROTO_DIR, 'demo_device.proto'));
    const client = await newClient({ payloads });
    expect(await client.callTyped('/calc/multiply', { a: 6, b: -7 })).toEqual({ product: '-42' });
    await expect(client.callTyped('/calc/multiply', { a: 6, x: 1 })).rejects.toMatchObject({
      code: 'ERR_PAYLOAD_ENCODE',
    });
    // Raw bytes are always allowed.
    expect(await client.call('/echo', bytes(9))).toEqual(bytes(9));
  });

  it('with alwaysHashPaths, sends the string when its hash collides with a known path', async () => {
    const client = await newClient({ alwaysHashPaths: true });
    expect(text(await client.call('/p/35zx'))).toBe('by hash');
    const colliding = await newClient({ alwaysHashPaths: true });
    colliding.hashes.register('/p/apcd'); // same FNV-1a hash as /p/35zx
    expect(text(await colliding.call('/p/35zx'))).toBe('by string');
  });

  it('refuses calls before connect() and after close()', async () => {
    const client = new NanoRpcClient(address);
    await expect(client.ping()).rejects.toMatchObject({ code: 'ERR_NOT_CONNECTED' });
    await client.connect();
    const pending = expect(client.request('/silent')).rejects.toMatchObject({
      code: 'ERR_CLIENT_CLOSED',
    });
    await client.close();
    await pending;
    await expect(client.ping()).rejects.toMatchObject({ code: 'ERR_CLIENT_CLOSED' });
    await expect(client.connect()).rejects.toMatchObject({ code: 'ERR_CLIENT_CLOSED' });
  });

  it('validates its options once, naming the bad one', () => {
    expect(() => new NanoRpcClient(address, { queueLimit: -1 })).toThrow(/queueLimit/);
    expect(() => new NanoRpcClient(address, { reconnect: { jitter: 2 } })).toThrow(/jitter/);
  });
});

/** A TCP server that accepts and reads but never answers. */
function startSilentServer(): Promise<LoopbackServer> {
  return listenLoopback((socket) => socket.resume());
}
