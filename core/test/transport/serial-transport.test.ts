import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectTransport } from '../../src/transport/connect.js';
import { listenTransport } from '../../src/transport/listen.js';
import { SerialTransport } from '../../src/transport/serial-transport.js';
import { TransportError } from '../../src/transport/transport-errors.js';
import type { Transport } from '../../src/transport/transport.js';
import { receive } from './received-bytes.js';
import { openTempPtyPair, type TempPtyPair } from '../support/temp-pty-pair.js';

let pty: TempPtyPair;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeEach(async () => {
  pty = await openTempPtyPair();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await pty.close();
});

function track<T extends { close(): Promise<unknown> }>(thing: T): T {
  cleanups.push(() => thing.close());
  return thing;
}

function pattern(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + (i >> 8) + seed) & 0xff;
  return bytes;
}

describe('serial transport on a socat pty pair', () => {
  it('carries bytes both ways with the line settings of the endpoint', async () => {
    const host = track(
      await connectTransport(`serial://${pty.host}?baud=57600&databits=7&parity=even&stopbits=2`),
    );
    const device = track(await connectTransport(`serial://${pty.device}?baud=57600`));
    expect(host.kind).toBe('serial');
    expect(host.recovery).toBe('resync');
    expect(host.remote).toBe(pty.host);
    expect(host.resyncIdleMs).toBe(50);
    expect(host).toBeInstanceOf(SerialTransport);
    expect((host as SerialTransport).serialEndpoint).toMatchObject({ dataBits: 7, parity: 'even' });

    const toDevice = pattern(10_000, 1);
    const toHost = pattern(7_000, 2);
    const atDevice = receive(device, toDevice.length);
    const atHost = receive(host, toHost.length);
    await Promise.all([host.write(toDevice), device.write(toHost)]);
    expect((await atDevice).equals(toDevice)).toBe(true);
    expect((await atHost).equals(toHost)).toBe(true);
  });

  it('serves one session per port when "listening"', async () => {
    const sessions: Transport[] = [];
    const listener = track(
      await listenTransport(`serial://${pty.device}?resync=80`, (transport) => {
        sessions.push(transport);
        transport.on('data', (chunk) => void transport.write(chunk));
      }),
    );
    expect(sessions).toHaveLength(1);
    cleanups.push(() => sessions[0]?.close());
    expect(listener.address).toBe(`serial://${pty.device}?baud=115200&resync=80`);
    expect(sessions[0]?.resyncIdleMs).toBe(80);
    const host = track(await connectTransport(`serial://${pty.host}`));
    const echoed = receive(host, 5);
    await host.write(Buffer.from('hello'));
    expect((await echoed).toString()).toBe('hello');
  });

  it('reports missing modem lines on a pty once, as a notice, not a failure', async () => {
    const host = track(
      await connectTransport(`serial://${pty.host}?reset=both`, { resetPulseMs: 10 }),
    );
    const notices: string[] = [];
    host.on('notice', (message) => notices.push(message));
    await sleep(50);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^no modem lines on .*host \(.*Inappropriate ioctl for device.*\); reset=both skipped$/,
    );
    expect(host.notices).toEqual(notices);
    expect(host.closed).toBe(false);

    // The line still works.
    const device = track(await connectTransport(`serial://${pty.device}`));
    const got = receive(device, 2);
    await host.write(Buffer.from('ok'));
    expect((await got).toString()).toBe('ok');
  });

  it('answers a reset pulse on demand with the reason a pty refuses it', async () => {
    const host = track(await connectTransport(`serial://${pty.host}`));
    const result = await (host as SerialTransport).pulseReset('dtr', 5);
    expect(result).toEqual({
      pulsed: false,
      reason: expect.stringContaining('Inappropriate ioctl') as unknown as string,
    });
    expect(host.closed).toBe(false);
  });

  it('pulses nothing and notes nothing when no reset is asked for', async () => {
    const host = track(await connectTransport(`serial://${pty.host}`));
    await sleep(20);
    expect(host.notices).toEqual([]);
  });

  it('holds the port exclusively', async () => {
    track(await connectTransport(`serial://${pty.host}`));
    await expect(connectTransport(`serial://${pty.host}`)).rejects.toMatchObject({
      code: 'ERR_CONNECT_FAILED',
      message: expect.stringContaining('Cannot lock port'),
    });
  });

  it('reports the far end going away as a close with ERR_TRANSPORT_IO', async () => {
    const host = await connectTransport(`serial://${pty.host}`);
    const closed = new Promise<Error | undefined>((resolve) => host.once('close', resolve));
    await pty.close();
    const error = await closed;
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('ERR_TRANSPORT_IO');
    expect(host.closed).toBe(true);
    await expect(host.write(Buffer.from('x'))).rejects.toMatchObject({
      code: 'ERR_TRANSPORT_CLOSED',
    });
    await host.close();
  });

  it('closes once and refuses writes afterwards', async () => {
    const host = await connectTransport(`serial://${pty.host}`);
    let closes = 0;
    host.on('close', () => closes++);
    await host.close();
    await host.close();
    expect(closes).toBe(1);
    await expect(host.write(Buffer.from('x'))).rejects.toMatchObject({
      code: 'ERR_TRANSPORT_CLOSED',
    });
    // The lock is released: the port opens again.
    track(await connectTransport(`serial://${pty.host}`));
  });

  it('types open failures', async () => {
    await expect(connectTransport('serial:///dev/nonexistent-tty-42')).rejects.toMatchObject({
      code: 'ERR_CONNECT_FAILED',
      message: expect.stringContaining('cannot open serial:///dev/nonexistent-tty-42'),
    });
    await expect(connectTransport(`serial://${pty.host}?parity=mark`)).rejects.toMatchObject({
      code: 'ERR_CONNECT_FAILED',
      message: expect.stringContaining('parity mark is not supported'),
    });
    await expect(
      connectTransport(`serial://${pty.host}`, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'ERR_ABORTED' });
  });
});

/**
 * The device end of the pty, read with plain non-blocking reads so the device side has no
 * poller of its own: it reads `perTick` bytes every 2 ms, whenever it likes.
 */
function slowDevice(path: string, expected: number, reply?: Buffer) {
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
  const received: Buffer[] = [];
  let total = 0;
  let sent = 0;
  const readBuffer = Buffer.alloc(1024);
  const started = Date.now();
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const timer = setInterval(() => {
    const elapsed = Date.now() - started;
    if (reply && elapsed > 100 && sent < reply.length) {
      // Talk back while the host's write is blocked, then fall silent for good.
      try {
        sent += writeSync(fd, reply, sent, reply.length - sent);
      } catch (error) {
        if ((error as { code?: string }).code !== 'EAGAIN') throw error;
      }
    }
    // Read nothing for the first 400 ms so the host's write fills the pty and has to wait.
    if (elapsed < 400) return;
    try {
      const count = readSync(fd, readBuffer, 0, readBuffer.length, null);
      received.push(Buffer.from(readBuffer.subarray(0, count)));
      total += count;
      if (total >= expected) resolveDone();
    } catch (error) {
      if ((error as { code?: string }).code !== 'EAGAIN') throw error;
    }
  }, 2);
  return {
    done,
    received: () => Buffer.concat(received),
    stop: () => {
      clearInterval(timer);
      closeSync(fd);
    },
  };
}

describe('the serialport write stall (docs/platform-notes.md)', () => {
  const size = 256 * 1024;

  it('completes a 256 KiB write to a device that reads at its own pace and says nothing', async () => {
    const host = track(await connectTransport(`serial://${pty.host}`));
    const device = slowDevice(pty.device, size);
    cleanups.push(() => device.stop());
    const data = pattern(size, 3);
    await host.write(data);
    await device.done;
    expect(device.received().equals(data)).toBe(true);
  }, 60_000);

  it('completes it when the device talks back during the write and then falls silent', async () => {
    const host = track(await connectTransport(`serial://${pty.host}`));
    const reply = pattern(32 * 1024, 4);
    const atHost = receive(host, reply.length);
    const device = slowDevice(pty.device, size, reply);
    cleanups.push(() => device.stop());
    const data = pattern(size, 5);
    await host.write(data);
    await device.done;
    expect(device.received().equals(data)).toBe(true);
    expect((await atHost).equals(reply)).toBe(true);
  }, 60_000);
});
