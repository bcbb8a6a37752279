import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { NanoRpcClient } from '../../src/client/client.js';
import { encodeRequestFrame } from '../../src/protocol/codec.js';
import { RequestType, Status } from '../../src/protocol/messages.js';
import type { Session } from '../../src/server/session.js';
import { bytes, makeFixtureServer, until, type FixtureServer } from './fixture-server.js';

describe('server robustness', () => {
  let fixture: FixtureServer;
  let address: string;
  const clients: NanoRpcClient[] = [];
  const frameErrors: { session: Session; code: string; preview: string }[] = [];

  async function startServer(options: Parameters<typeof makeFixtureServer>[0] = {}): Promise<void> {
    fixture = makeFixtureServer(options);
    fixture.server.on('frame-error', (session, error, preview) =>
      frameErrors.push({ session, code: (error as { code?: string }).code ?? '', preview }),
    );
    address = (await fixture.server.listen('tcp://127.0.0.1:0')).address;
  }

  async function newClient(): Promise<NanoRpcClient> {
    const client = new NanoRpcClient(address, { requestTimeoutMs: 10_000 });
    clients.push(client);
    await client.connect();
    return client;
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await fixture.server.close({ deadlineMs: 200 });
    frameErrors.length = 0;
  });

  it('survives a raw socket destroyed in the middle of a call', async () => {
    await startServer();
    const bystander = await newClient();
    const port = Number(new URL(address).port);
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      encodeRequestFrame({
        requestId: 1,
        requestType: RequestType.Request,
        path: '/silent',
        data: bytes(),
      }),
    );
    await until(() => fixture.started.get('/silent') === 1, 5000, 'the handler to start');
    const closed = new Promise((resolve) => fixture.server.once('session-closed', resolve));
    socket.destroy();
    await closed;
    expect(fixture.aborted).toContain('/silent');
    expect((await bystander.ping()).responseStatus).toBe(Status.Ok);
    expect(fixture.server.sessions.size).toBe(1);
  });

  it('survives a client process killed mid-request', async () => {
    await startServer();
    const port = Number(new URL(address).port);
    const frame = Buffer.from(
      encodeRequestFrame({
        requestId: 1,
        requestType: RequestType.Request,
        path: '/silent',
        data: bytes(),
      }),
    ).toString('hex');
    // A separate process that connects, sends the request and then waits to be killed.
    const child = spawn(process.execPath, [
      '-e',
      `const s=require('net').connect(${port},'127.0.0.1',()=>s.write(Buffer.from('${frame}','hex')));setInterval(()=>{},1000);`,
    ]);
    try {
      await until(() => fixture.started.get('/silent') === 1, 10_000, 'the child request');
      const closed = new Promise((resolve) => fixture.server.once('session-closed', resolve));
      child.kill('SIGKILL');
      await closed;
    } finally {
      child.kill('SIGKILL');
    }
    const survivor = await newClient();
    expect((await survivor.ping()).responseStatus).toBe(Status.Ok);
    expect(fixture.aborted).toContain('/silent');
  });

  it.each([
    [
      'a length prefix longer than 5 bytes',
      bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      'ERR_VARINT_TOO_LONG',
    ],
    ['a body that is not a NanoRPCRequest', bytes(0x03, 0x0a, 0xff, 0xff), 'ERR_MALFORMED_BODY'],
    ['a frame over the maximum size', bytes(0x80, 0x80, 0x08), 'ERR_FRAME_TOO_LARGE'],
  ])('closes only the session that sent %s', async (_what, garbage, code) => {
    await startServer();
    const bad = await newClient();
    const good = await newClient();
    const updates: number[] = [];
    await good.subscribe('/topic', undefined, (u) => updates.push(u.data[0] as number));
    const disconnected = new Promise((resolve) => bad.once('disconnect', resolve));
    await bad.sendRaw(garbage);
    await disconnected;
    await until(() => frameErrors.length === 1);
    expect(frameErrors[0]?.code).toBe(code);
    expect(frameErrors[0]?.preview).toMatch(/^[0-9a-f]{2}( [0-9a-f]{2})*/);
    await until(() => fixture.server.sessions.size === 1, 5000, 'the bad session to close');
    expect((await good.ping()).responseStatus).toBe(Status.Ok);
    await good.call('/publish', bytes(7, 1));
    await until(() => updates.length === 1);
    expect(updates).toEqual([7]);
  });

  it('limits subscriptions per session with STATUS_INTERNAL_ERROR', async () => {
    await startServer({ maxSubscriptionsPerSession: 2 });
    const client = await newClient();
    const subs = [
      await client.subscribe('/topic', undefined, () => undefined),
      await client.subscribe('/other', undefined, () => undefined),
    ];
    await expect(client.subscribe('/topic', undefined, () => undefined)).rejects.toMatchObject({
      status: Status.InternalError,
      responseMessage: 'too many subscriptions (limit 2 per session)',
    });
    await subs[0]?.unsubscribe();
    const again = await client.subscribe('/topic', undefined, () => undefined);
    expect(again.phase).toBe('active');
    // The limit is per session: another client still gets its own.
    const other = await newClient();
    expect((await other.subscribe('/topic', undefined, () => undefined)).phase).toBe('active');
  });

  it('limits requests in flight per session with STATUS_INTERNAL_ERROR', async () => {
    await startServer({ maxInFlightPerSession: 2 });
    const client = await newClient();
    const slow = [client.request('/slow'), client.request('/slow')];
    await until(() => fixture.started.get('/slow') === 2);
    const refused = await client.request('/slow');
    expect(refused.responseStatus).toBe(Status.InternalError);
    expect(refused.responseMessage).toBe('too many requests in flight (limit 2 per session)');
    expect((await client.ping()).responseStatus).toBe(Status.Ok); // pings do not count
    fixture.releaseSlow();
    for (const response of await Promise.all(slow)) expect(response.responseStatus).toBe(Status.Ok);
    expect((await client.request('/echo')).responseStatus).toBe(Status.Ok);
  });

  it('refuses a second subscription with an id still live in the session', async () => {
    await startServer();
    const client = await newClient();
    const sub = await client.subscribe('/topic', undefined, () => undefined);
    const unmatched = new Promise((resolve) => client.once('unmatched', resolve));
    await client.sendRaw(
      encodeRequestFrame({
        requestId: sub.id,
        requestType: RequestType.Subscribe,
        path: '/other',
        data: bytes(),
      }),
    );
    // The client routes the refusal by phase: for an active subscription it is not an ack.
    expect(await unmatched).toMatchObject({
      requestId: sub.id,
      responseStatus: Status.InternalError,
      responseMessage: `subscription id ${sub.id} is already in use in this session`,
    });
    expect(sub.phase).toBe('active');
  });
});
