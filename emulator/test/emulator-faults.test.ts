import { connect } from 'node:net';
import {
  type JsonObject,
  encodeRequestFrame,
  encodeResponseFrame,
  RequestType,
  ResponseType,
  Status,
} from '@nanorpc-sim/core';
import { startEmulator, type RunningEmulator } from '../src/emulator.js';
import { FaultSpecError } from '../src/fault-spec.js';
import { demoClient, nextDisconnect } from './profile-checks.js';
import { waitFor } from './wait-for.js';

const TCP = 'tcp://127.0.0.1:0';

describe('emulator faults', () => {
  const running: RunningEmulator[] = [];
  const start = async (...args: Parameters<typeof startEmulator>): Promise<RunningEmulator> => {
    const emulator = await startEmulator(...args);
    running.push(emulator);
    return emulator;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
  });

  it('takes faults as CLI strings, and refuses bad options by name before listening', async () => {
    const emulator = await start({ listen: TCP, faults: ['latency=5', 'slow=/echo:1,seed=42'] });
    expect(emulator.faults.settings).toMatchObject({
      latencyMs: 5,
      slow: { '/echo': 1 },
      seed: 42,
    });
    expect(emulator.faults.seed).toBe(42);
    const refused = startEmulator({ listen: TCP, faults: ['drop=7'] });
    await expect(refused).rejects.toBeInstanceOf(FaultSpecError);
    await expect(refused).rejects.toMatchObject({
      code: 'ERR_BAD_FAULT',
      message: 'bad fault "drop=7": drop must be a probability from 0 to 1',
    });
    await expect(startEmulator({ listen: TCP, maxFrameSize: 3 })).rejects.toMatchObject({
      code: 'ERR_BAD_EMULATOR_OPTIONS',
    });
    await expect(startEmulator({ listen: 'bogus://x' })).rejects.toMatchObject({
      code: 'ERR_BAD_ENDPOINT',
    });
  });

  it('latency and jitter delay answers but every answer arrives intact and in order', async () => {
    const emulator = await start({ listen: TCP, faults: { latencyMs: 10, jitterMs: 10, seed: 1 } });
    const client = demoClient(emulator.endpoint);
    await client.connect();
    const arrived: number[] = [];
    const calls = Array.from({ length: 20 }, (_, i) =>
      client.call('/echo', Uint8Array.of(i)).then((data) => arrived.push(data[0] as number)),
    );
    await Promise.all(calls);
    expect(arrived).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await client.close();
  });

  it('a throttled line (baud=9600) still carries 1 KiB intact over the pty', async () => {
    const emulator = await start({ listen: 'pty', faults: ['baud=9600'] });
    const client = demoClient(emulator.endpoint);
    await client.connect();
    const bytes = Uint8Array.from({ length: 1024 }, (_, i) => (i * 31) & 0xff);
    expect(await client.call('/echo', bytes, { timeoutMs: 15_000 })).toEqual(bytes);
    await client.close();
  });

  it('drop=1: no answer ever arrives, and the link counts the lost bytes', async () => {
    const emulator = await start({ listen: TCP, faults: ['drop=1'] });
    const client = demoClient(emulator.endpoint);
    await client.connect();
    await expect(client.ping({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    const [link] = [...emulator.links];
    expect(link?.stats.bytesDropped).toBeGreaterThan(0);
    await client.close();
  });

  it('corrupt=0.3 with a seed damages the same bytes on every run', async () => {
    const run = async (seed: number): Promise<Buffer> => {
      const emulator = await start({ listen: TCP, faults: { corrupt: 0.3, seed } });
      const payload = new Uint8Array(64).fill(0x55);
      const request = encodeRequestFrame({
        requestId: 1,
        requestType: RequestType.Request,
        path: '/echo',
        data: payload,
      });
      const expectedLength = encodeResponseFrame({
        requestId: 1,
        responseType: ResponseType.Response,
        responseStatus: Status.Ok,
        responseMessage: '',
        data: payload,
      }).length;
      const port = Number(new URL(emulator.endpoint).port);
      return new Promise<Buffer>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        let received = Buffer.alloc(0);
        socket.on('data', (chunk) => {
          received = Buffer.concat([received, chunk]);
          if (received.length >= expectedLength) {
            socket.destroy();
            resolve(received);
          }
        });
        socket.on('error', reject);
      });
    };
    const first = await run(42);
    const again = await run(42);
    const other = await run(43);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    // Corruption keeps the length but changes bytes.
    expect(first.length).toBe(again.length);
  });

  it('corrupt=1: the client never gets a well-formed answer', async () => {
    const emulator = await start({ listen: TCP, faults: ['corrupt=1'] });
    const client = demoClient(emulator.endpoint);
    await client.connect();
    await expect(client.call('/echo', Uint8Array.of(1), { timeoutMs: 500 })).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_(TIMEOUT|CONNECTION_LOST)$/),
    });
    await waitFor(() => [...emulator.links].every((link) => link.stats.bytesCorrupted > 0));
    await client.close();
  });

  it('disconnect-after=3 over TCP: three answers, then the connection drops; a new one works', async () => {
    const emulator = await start({ listen: TCP, faults: ['disconnect-after=3'] });
    const client = demoClient(emulator.endpoint);
    await client.connect();
    const dropped = nextDisconnect(client);
    for (let i = 0; i < 3; i++) expect((await client.ping()).responseStatus).toBe(Status.Ok);
    await dropped;
    await expect(client.ping()).rejects.toMatchObject({ code: 'ERR_NOT_CONNECTED' });
    await client.connect();
    expect((await client.ping()).responseStatus).toBe(Status.Ok);
    await client.close();
  });

  it('disconnect-after=3 over the pty: the session restarts, the line stays open', async () => {
    const emulator = await start({ listen: 'pty', faults: ['disconnect-after=3'] });
    const client = demoClient(emulator.endpoint);
    await client.connect();
    const seen: JsonObject[] = [];
    await client.subscribeTyped('/sensors/temp', undefined, (value) => seen.push(value)); // frame 1
    await client.callTyped('/test/publish', { count: 1 }); // frames 2 (update) and 3 (answer)
    expect(seen).toHaveLength(1);
    await waitFor(() => [...emulator.links].some((link) => link.stats.framesSent === 0));
    expect(await client.callTyped('/test/publish', { count: 1 })).toEqual({
      published: 1,
      delivered: 0,
    });
    expect(client.connected).toBe(true);
    await client.close();
  });

  it('slow=/calc/multiply: a later /echo overtakes the slow request', async () => {
    const emulator = await start({ listen: TCP, faults: ['slow=/calc/multiply:300'] });
    const client = demoClient(emulator.endpoint);
    await client.connect();
    const order: string[] = [];
    await Promise.all([
      client.callTyped('/calc/multiply', { a: 2, b: 3 }).then((value) => {
        order.push('multiply');
        expect(value).toEqual({ product: '6' });
      }),
      client.call('/echo', Uint8Array.of(1)).then(() => order.push('echo')),
    ]);
    expect(order).toEqual(['echo', 'multiply']);
    await client.close();
  });

  it('silent=/test/fail: never answered; other paths are; faults change while running', async () => {
    const emulator = await start({ listen: TCP, faults: ['silent=/test/fail'] });
    const client = demoClient(emulator.endpoint);
    await client.connect();
    const silent = client.request('/test/fail', undefined, { timeoutMs: 300 });
    expect(await client.call('/echo', Uint8Array.of(4))).toEqual(Uint8Array.of(4));
    await expect(silent).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });

    emulator.faults.update({ silent: ['/echo'] });
    await expect(client.request('/echo', undefined, { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'ERR_TIMEOUT',
    });
    emulator.faults.clear();
    expect((await client.request('/test/fail')).responseMessage).toBe('simulated failure');
    await client.close();
  });

  it('/sys/reboot under latency: the OK still arrives before the connection drops', async () => {
    const emulator = await start({ listen: TCP, faults: ['latency=50'] });
    const client = demoClient(emulator.endpoint);
    await client.connect();
    const dropped = nextDisconnect(client);
    expect((await client.request('/sys/reboot')).responseStatus).toBe(Status.Ok);
    await dropped;
    expect(emulator.device.bootCount).toBe(1);
    await client.close();
  });
});
