/**
 * The firmware host port's resource limits (issue 13, item 5), on the real binary over real
 * sockets: the read time limit on an incomplete frame, the session count, and the write time
 * limit on a peer that never reads. Each limit must close the session and say so on stderr.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { encodeRequestFrame, NanoRpcClient, RequestType } from '@nanorpc-sim/core';
import { killWithParent, stopChildProcess } from '../../src/targets/child-process-stop.js';
import { buildFirmware, REPOSITORY_FIRMWARE_DIR } from '../../src/targets/firmware-build.js';
import { waitForReadyLine } from '../../src/targets/ready-line.js';
import { childProcessesNamed } from './suite-on-target.js';

/** A build and a few seconds of traffic; generous for a loaded machine. */
const LONG = 120_000;
/** Correctness bound for "closed soon after the limit", not a performance figure. */
const SOON_MS = 10_000;

interface Device {
  port: number;
  /** Every line of stderr so far. */
  lines: string[];
  /** Resolves with the first line (already printed or still to come) that matches. */
  waitForLine(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

let binary: string;

beforeAll(async () => {
  binary = await buildFirmware('host', {
    firmwareDir: REPOSITORY_FIRMWARE_DIR,
    log: () => undefined,
    signal: new AbortController().signal,
  });
}, LONG);

afterAll(() => {
  expect(childProcessesNamed('nanorpc-device')).toEqual([]);
});

async function startDevice(args: string[]): Promise<Device> {
  const child = spawn(binary, ['--tcp', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const unhook = killWithParent(child);
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const match = await waitForReadyLine(child, {
    pattern: /^nanorpc-device: listening tcp:\/\/127\.0\.0\.1:(\d+)$/,
    what: 'nanorpc-device',
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    log: (line) => {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    },
  });
  return {
    port: Number(match[1]),
    lines,
    waitForLine: (pattern) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return withDeadline(
        new Promise((resolve) => waiters.push({ pattern, resolve })),
        SOON_MS,
        `no stderr line matching ${String(pattern)}; got:\n${lines.join('\n')}`,
      );
    },
    stop: async () => {
      await stopChildProcess(child);
      unhook();
    },
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

interface RawPeer {
  socket: net.Socket;
  /** How the device names this peer in its log lines, as a regular expression. */
  name: string;
  /** Resolves with the ms since connect when the connection ends. */
  closed: Promise<number>;
}

/** A raw connection, with no reader unless the caller adds one. */
async function connect(port: number): Promise<RawPeer> {
  const socket = net.connect(port, '127.0.0.1');
  // EPIPE / ECONNRESET once the device has closed: expected, 'close' follows.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const opened = performance.now();
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => resolve(performance.now() - opened)),
  );
  const name = `tcp://127\\.0\\.0\\.1:${String(socket.localPort)}`;
  return { socket, name, closed };
}

function pingFrame(id: number): Uint8Array {
  return encodeRequestFrame({
    requestId: id,
    requestType: RequestType.Ping,
    data: new Uint8Array(),
  });
}

describe('the firmware host port limits what one peer can hold', () => {
  it(
    'closes a session whose frame stays incomplete past --read-timeout, with or without traffic',
    async () => {
      const device = await startDevice(['--read-timeout', '300']);
      const client = new NanoRpcClient(`tcp://127.0.0.1:${device.port}`, { reconnect: false });
      let trickle: NodeJS.Timeout | undefined;
      try {
        await client.connect();
        const frame = encodeRequestFrame({
          requestId: 7,
          requestType: RequestType.Request,
          path: '/echo',
          data: new Uint8Array(100).fill(1),
        });
        // A slow sender: one byte every 20 ms, which would take over 2 s for the whole frame;
        // bytes keep coming, yet the limit counts from the frame's first byte.
        const slow = await connect(device.port);
        let sent = 0;
        trickle = setInterval(() => {
          if (sent < frame.length - 1 && !slow.socket.destroyed) {
            slow.socket.write(frame.subarray(sent, sent + 1));
            sent++;
          }
        }, 20);
        // A stalled sender: one byte, then silence (the device must wake up on its own).
        const stalled = await connect(device.port);
        stalled.socket.write(frame.subarray(0, 1));

        const [slowMs, stalledMs] = await withDeadline(
          Promise.all([slow.closed, stalled.closed]),
          SOON_MS,
          'a session with an incomplete frame was not closed',
        );
        expect(slowMs).toBeGreaterThanOrEqual(300 - 20);
        expect(stalledMs).toBeGreaterThanOrEqual(300 - 20);
        for (const peer of [slow, stalled]) {
          await device.waitForLine(
            new RegExp(
              `^nanorpc-device: session ${peer.name}: frame incomplete for 300 ms \\(--read-timeout\\); closing$`,
            ),
          );
        }
        // A peer whose frames complete keeps its session well past the limit.
        for (let i = 0; i < 4; i++) {
          await client.ping({ timeoutMs: 5000 });
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        expect(client.connected).toBe(true);
        expect(device.lines.filter((line) => line.includes('--read-timeout'))).toHaveLength(2);
      } finally {
        clearInterval(trickle);
        await client.close();
        await device.stop();
      }
    },
    LONG,
  );

  it(
    'turns the read time limit off with --read-timeout 0',
    async () => {
      const device = await startDevice(['--read-timeout', '0']);
      try {
        const stalled = await connect(device.port);
        stalled.socket.write(pingFrame(1).subarray(0, 2));
        await new Promise((resolve) => setTimeout(resolve, 600));
        expect(stalled.socket.destroyed).toBe(false);
        // The rest of the frame still gets its answer.
        const answer = new Promise<Buffer>((resolve) => stalled.socket.once('data', resolve));
        stalled.socket.write(pingFrame(1).subarray(2));
        await withDeadline(answer, SOON_MS, 'no pong');
        stalled.socket.destroy();
      } finally {
        await device.stop();
      }
    },
    LONG,
  );

  it(
    'refuses one connection beyond NANORPC_MAX_SESSIONS with a log line, and serves again after',
    async () => {
      const device = await startDevice([]);
      const endpoint = `tcp://127.0.0.1:${device.port}`;
      const clients = Array.from(
        { length: 4 },
        () => new NanoRpcClient(endpoint, { reconnect: false, requestTimeoutMs: 5000 }),
      );
      try {
        for (const client of clients) {
          await client.connect();
          await client.ping();
        }
        const extra = await connect(device.port);
        await withDeadline(extra.closed, SOON_MS, 'the fifth connection was not closed');
        await device.waitForLine(
          new RegExp(
            `^nanorpc-device: refused a connection from ${extra.name}: 4 sessions open \\(NANORPC_MAX_SESSIONS 4\\)$`,
          ),
        );
        // The four are untouched; once one leaves, a new peer gets its slot.
        for (const client of clients) await client.ping();
        await clients[0]?.close();
        await device.waitForLine(/^nanorpc-device: session closed /);
        const late = new NanoRpcClient(endpoint, { reconnect: false, requestTimeoutMs: 5000 });
        clients.push(late);
        await late.connect();
        await late.ping();
      } finally {
        for (const client of clients) await client.close();
        await device.stop();
      }
    },
    LONG,
  );

  it(
    'drops a peer that sends requests but never reads, past --write-timeout',
    async () => {
      const device = await startDevice(['--write-timeout', '500']);
      const reader = new NanoRpcClient(`tcp://127.0.0.1:${device.port}`, {
        reconnect: false,
        requestTimeoutMs: 10_000,
      });
      let pump: NodeJS.Timeout | undefined;
      try {
        // No 'data' listener: the socket stays paused, so once Node's buffer and the kernel's
        // receive window are full the device's answers have nowhere to go.
        const deaf = await connect(device.port);
        const echo = encodeRequestFrame({
          requestId: 1,
          requestType: RequestType.Request,
          path: '/echo',
          data: new Uint8Array(200).fill(0x5a),
        });
        const batch = Buffer.concat(Array.from({ length: 256 }, () => echo));
        let written = 0;
        pump = setInterval(() => {
          // Bounded: far more than any socket buffers, far less than the test machine's memory.
          if (!deaf.socket.destroyed && written < 256 * 1024 * 1024) {
            deaf.socket.write(batch);
            written += batch.length;
          }
        }, 5);
        await withDeadline(deaf.closed, 60_000, 'a peer that never reads was not dropped');
        await device.waitForLine(
          new RegExp(
            `^nanorpc-device: session ${deaf.name}: peer made no room for 500 ms \\(--write-timeout\\); closing$`,
          ),
        );
        // The device goes on serving others.
        await reader.connect();
        await reader.ping();
      } finally {
        clearInterval(pump);
        await reader.close();
        await device.stop();
      }
    },
    LONG,
  );

  it(
    'refuses bad limit values (exit status 2)',
    async () => {
      for (const args of [
        ['--read-timeout', '-1'],
        ['--read-timeout', 'soon'],
        ['--write-timeout', '0'],
      ]) {
        await expect(startDevice(args)).rejects.toMatchObject({
          message: expect.stringContaining('exited with status 2'),
        });
      }
    },
    LONG,
  );
});
