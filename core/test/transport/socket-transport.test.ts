import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectTransport } from '../../src/transport/connect.js';
import { EndpointError } from '../../src/transport/endpoint.js';
import { listenTransport } from '../../src/transport/listen.js';
import { TransportError } from '../../src/transport/transport-errors.js';
import type { Transport, TransportListener } from '../../src/transport/transport.js';
import { receive } from './received-bytes.js';

function closeEvents(transport: Transport): { count: number; errors: (Error | undefined)[] } {
  const seen = { count: 0, errors: [] as (Error | undefined)[] };
  transport.on('close', (error) => {
    seen.count++;
    seen.errors.push(error);
  });
  return seen;
}

function nextClose(transport: Transport): Promise<Error | undefined> {
  return new Promise((resolve) => transport.once('close', resolve));
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught as Error,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as { code?: string }).code).toBe(code);
  return error as Error;
}

/** Listens on an endpoint; every accepted transport echoes what it receives. */
async function echoListener(endpoint: string, accepted: Transport[]): Promise<TransportListener> {
  return listenTransport(endpoint, (transport) => {
    accepted.push(transport);
    transport.on('data', (chunk) => void transport.write(chunk).catch(() => undefined));
  });
}

let dir: string;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nanorpc-transport-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function track<T extends { close(): Promise<unknown> }>(thing: T): T {
  cleanups.push(() => thing.close());
  return thing;
}

const payload = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) & 0xff));

describe.each([
  ['tcp', () => 'tcp://127.0.0.1:0'],
  ['unix', () => `unix://${join(dir, 'echo.sock')}`],
])('%s transport', (kind, endpointOf) => {
  it('echoes bytes across a real socket', async () => {
    const accepted: Transport[] = [];
    const listener = track(await echoListener(endpointOf(), accepted));
    if (kind === 'tcp') expect(listener.address).toMatch(/^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
    else expect(listener.address).toBe(`unix://${join(dir, 'echo.sock')}`);

    const client = track(await connectTransport(listener.address, { timeoutMs: 5000 }));
    expect(client.kind).toBe(kind);
    expect(client.recovery).toBe('close');
    expect(client.closed).toBe(false);
    const echoed = receive(client, payload.length);
    await client.write(payload.subarray(0, 1));
    await client.write(payload.subarray(1, 1000));
    await client.write(payload.subarray(1000));
    expect((await echoed).equals(payload)).toBe(true);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.kind).toBe(kind);
  });

  it('reports a peer close once, then refuses writes with a typed error', async () => {
    const accepted: Transport[] = [];
    const listener = track(await echoListener(endpointOf(), accepted));
    const client = track(await connectTransport(listener.address));
    const clientCloses = closeEvents(client);
    await client.write(Buffer.from('hi'));
    await receive(client, 2);
    const server = accepted[0] as Transport;
    const serverCloses = closeEvents(server);
    const serverClosed = nextClose(server);

    await client.close();
    expect(await serverClosed).toBeUndefined();
    await client.close();
    await server.close();
    expect(server.closed).toBe(true);
    expect(client.closed).toBe(true);

    const error = await expectCode(server.write(Buffer.from('late')), 'ERR_TRANSPORT_CLOSED');
    expect(error).toBeInstanceOf(TransportError);
    await expectCode(client.write(Buffer.from('late')), 'ERR_TRANSPORT_CLOSED');
    await sleep(50);
    expect(serverCloses.count).toBe(1);
    expect(clientCloses.count).toBe(1);
    expect(clientCloses.errors).toEqual([undefined]);
  });

  it('keeps bytes that arrive before anyone listens for them', async () => {
    const listener = track(
      await listenTransport(endpointOf(), (transport) => {
        void transport.write(Buffer.from('early bytes'));
      }),
    );
    const client = track(await connectTransport(listener.address));
    await sleep(100);
    expect((await receive(client, 11)).toString()).toBe('early bytes');
  });

  it('closing the listener stops new links but keeps the open ones', async () => {
    const accepted: Transport[] = [];
    const listener = await echoListener(endpointOf(), accepted);
    const client = track(await connectTransport(listener.address));
    await listener.close();
    await listener.close();
    const echoed = receive(client, 4);
    await client.write(Buffer.from('ping'));
    expect((await echoed).toString()).toBe('ping');
    await expect(connectTransport(listener.address, { timeoutMs: 2000 })).rejects.toMatchObject({
      code: kind === 'tcp' ? 'ERR_CONNECT_REFUSED' : 'ERR_CONNECT_FAILED',
    });
    await Promise.all(accepted.map((transport) => transport.close()));
  });
});

describe('tcp specifics', () => {
  it('reports a connection reset as a close with an ERR_TRANSPORT_IO error', async () => {
    const server: Server = createServer((socket) =>
      socket.once('data', () => socket.resetAndDestroy()),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as { port: number };
    const client = track(await connectTransport(`tcp://127.0.0.1:${port}`));
    const closed = nextClose(client);
    await client.write(Buffer.from('bye'));
    const error = await closed;
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('ERR_TRANSPORT_IO');
    expect(error?.message).toContain('ECONNRESET');
  });

  it('refuses a second listener on the same port', async () => {
    const listener = track(await listenTransport('tcp://127.0.0.1:0', () => undefined));
    const error = await expectCode(
      listenTransport(listener.address, () => undefined),
      'ERR_ADDRESS_IN_USE',
    );
    expect(error.message).toContain(`cannot listen on ${listener.address}: address already in use`);
  });

  it('types a refused connection', async () => {
    const listener = await listenTransport('tcp://127.0.0.1:0', () => undefined);
    await listener.close();
    const error = await expectCode(connectTransport(listener.address), 'ERR_CONNECT_REFUSED');
    expect(error.message).toBe(`connection refused by ${listener.address}`);
  });

  it('refuses port 0 for connecting', async () => {
    await expect(connectTransport('tcp://127.0.0.1:0')).rejects.toBeInstanceOf(EndpointError);
  });

  describe('against a server that never accepts', () => {
    let child: ChildProcess;
    let port: number;
    const held: Socket[] = [];

    beforeAll(async () => {
      // A listener with a tiny backlog whose event loop is blocked: once its accept queue is
      // full, the kernel drops further SYNs and a connect hangs.
      const code = [
        "const s = require('net').createServer();",
        "s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {",
        "  process.stdout.write(s.address().port + '\\n', () =>",
        '    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000));',
        '});',
      ].join('\n');
      child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
      port = await new Promise<number>((resolve) =>
        child.stdout?.once('data', (data) => resolve(Number(String(data).trim()))),
      );
      for (let attempt = 0; attempt < 16; attempt++) {
        const socket = netConnect({ host: '127.0.0.1', port });
        socket.on('error', () => undefined);
        held.push(socket);
        const connected = await Promise.race([
          new Promise<boolean>((resolve) => socket.once('connect', () => resolve(true))),
          sleep(500).then(() => false),
        ]);
        if (!connected) return;
      }
      throw new Error('the accept queue never filled up');
    });

    afterAll(() => {
      for (const socket of held) socket.destroy();
      child.kill('SIGKILL');
    });

    it('gives up after timeoutMs with ERR_CONNECT_TIMEOUT', async () => {
      const error = await expectCode(
        connectTransport(`tcp://127.0.0.1:${port}`, { timeoutMs: 300 }),
        'ERR_CONNECT_TIMEOUT',
      );
      expect(error.message).toBe(`could not connect to tcp://127.0.0.1:${port} within 300 ms`);
    });

    it('stops on an AbortSignal with ERR_ABORTED', async () => {
      const controller = new AbortController();
      const pending = connectTransport(`tcp://127.0.0.1:${port}`, {
        timeoutMs: 20_000,
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 100);
      await expectCode(pending, 'ERR_ABORTED');
      await expectCode(
        connectTransport(`tcp://127.0.0.1:${port}`, { signal: AbortSignal.abort() }),
        'ERR_ABORTED',
      );
    });
  });
});

describe('unix specifics', () => {
  it('says when there is no socket file', async () => {
    const path = join(dir, 'missing.sock');
    const error = await expectCode(connectTransport(`unix://${path}`), 'ERR_CONNECT_FAILED');
    expect(error.message).toBe(`cannot connect to unix://${path}: no such socket file`);
  });

  it('replaces a socket file left by a dead server', async () => {
    const path = join(dir, 'stale.sock');
    const code = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.stdout.write('up\\n'));`;
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout?.once('data', resolve));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(path)).toBe(true);
    await expectCode(connectTransport(`unix://${path}`), 'ERR_CONNECT_REFUSED');

    const accepted: Transport[] = [];
    const listener = track(await echoListener(`unix://${path}`, accepted));
    const client = track(await connectTransport(listener.address));
    const echoed = receive(client, 5);
    await client.write(Buffer.from('fresh'));
    expect((await echoed).toString()).toBe('fresh');
    cleanups.push(() => Promise.all(accepted.map((transport) => transport.close())));
  });

  it('refuses a socket file held by a live server', async () => {
    const path = join(dir, 'live.sock');
    track(await listenTransport(`unix://${path}`, (transport) => void transport.close()));
    const error = await expectCode(
      listenTransport(`unix://${path}`, () => undefined),
      'ERR_ADDRESS_IN_USE',
    );
    expect(error.message).toBe(`cannot listen on unix://${path}: a live server holds ${path}`);
  });

  it('refuses to replace a file that is not a socket', async () => {
    const path = join(dir, 'plain-file');
    await writeFile(path, 'keep me');
    const error = await expectCode(
      listenTransport(`unix://${path}`, () => undefined),
      'ERR_LISTEN_FAILED',
    );
    expect(error.message).toContain('exists and is not a socket');
    expect(existsSync(path)).toBe(true);
  });
});
