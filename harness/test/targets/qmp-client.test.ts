import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stopChildProcess } from '../../src/targets/child-process-stop.js';
import { buildFirmware, REPOSITORY_FIRMWARE_DIR } from '../../src/targets/firmware-build.js';
import { QmpClient, QmpError } from '../../src/targets/qmp-client.js';
import { childProcessesNamed } from './suite-on-target.js';

let image: string;
let dir: string;

beforeAll(async () => {
  image = await buildFirmware('qemu', {
    firmwareDir: REPOSITORY_FIRMWARE_DIR,
    log: () => undefined,
    signal: new AbortController().signal,
  });
}, 600_000);

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'qmp-client-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterAll(() => {
  expect(childProcessesNamed('qemu-system-arm')).toEqual([]);
});

/** A paused QEMU with its QMP socket (the UART goes nowhere). */
async function pausedQemu(socket: string): Promise<ChildProcess> {
  const child = spawn(
    'qemu-system-arm',
    [
      ...['-M', 'lm3s6965evb', '-kernel', image, '-S'],
      ...[
        '-qmp',
        `unix:${socket},server=on,wait=off`,
        '-serial',
        'null',
        '-nographic',
        '-monitor',
        'none',
      ],
    ],
    { stdio: 'ignore' },
  );
  // The socket exists once QEMU listens.
  for (let attempt = 0; attempt < 200; attempt++) {
    const ready = await new Promise<boolean>((resolve) => {
      const probe = net.connect(socket, () => {
        probe.destroy();
        resolve(true);
      });
      probe.on('error', () => resolve(false));
    });
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stopChildProcess(child);
  throw new Error('QEMU did not open its QMP socket');
}

describe('QmpClient against QEMU', () => {
  it('negotiates, runs commands, reports errors and events, and sees QEMU quit', async () => {
    const socket = path.join(dir, 'qmp.sock');
    const qemu = await pausedQemu(socket);
    try {
      const qmp = await QmpClient.connect(socket);
      expect(await qmp.execute('query-status')).toMatchObject({ running: false });
      await expect(qmp.execute('no-such-command')).rejects.toThrow(/CommandNotFound/);
      const resumed = qmp.nextEvent('RESUME');
      expect(await qmp.execute('cont')).toEqual({});
      expect((await resumed).event).toBe('RESUME');
      expect(await qmp.execute('query-status')).toMatchObject({ running: true, status: 'running' });
      const closed = new Promise<void>((resolve) => qmp.once('close', resolve));
      await qmp.execute('quit');
      await closed;
      expect(qmp.closed).toBe(true);
      await expect(qmp.execute('query-status')).rejects.toBeInstanceOf(QmpError);
    } finally {
      await stopChildProcess(qemu);
    }
  }, 30_000);
});

describe('QmpClient against things that are not QMP', () => {
  async function fakeServer(socket: string, greeting: string): Promise<net.Server> {
    const server = net.createServer((connection) => connection.write(greeting));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    return server;
  }

  it('rejects a server that greets with something else', async () => {
    const socket = path.join(dir, 'other.sock');
    const server = await fakeServer(socket, '{"hello": 1}\n');
    try {
      await expect(QmpClient.connect(socket, 2000)).rejects.toMatchObject({
        code: 'ERR_QMP',
        message: 'not a QMP greeting: {"hello":1}',
      });
    } finally {
      server.close();
    }
  });

  it('rejects a server that says nothing JSON within the time limit', async () => {
    const socket = path.join(dir, 'silent.sock');
    const server = await fakeServer(socket, 'login: ');
    try {
      await expect(QmpClient.connect(socket, 300)).rejects.toMatchObject({
        code: 'ERR_QMP',
        message: `no QMP greeting on ${socket} within 300 ms`,
      });
    } finally {
      server.close();
    }
  });

  it('rejects a socket path nobody listens on', async () => {
    await expect(QmpClient.connect(path.join(dir, 'none.sock'), 2000)).rejects.toMatchObject({
      code: 'ERR_QMP',
      message: expect.stringContaining('cannot connect to QMP'),
    });
  });
});
