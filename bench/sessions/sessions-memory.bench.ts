import { fork, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { encodeRequestFrame, RequestType } from '@nanorpc-sim/core';
import type { BenchRow } from '../measure.js';

interface Counts {
  sessions: number;
  subscribers: number;
  rss: number;
}

/** Largest RSS the issue allows for 10,000 sessions with 100,000 subscriptions. */
const BOUND_BYTES = 1024 ** 3;

function ask(child: ChildProcess, message: string): Promise<Counts> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as Counts));
    child.send(message);
  });
}

/**
 * RSS of a NanoRpcServer holding `sessions` TCP sessions with `perSession` subscriptions each
 * (a memory row, not a timed one). The server runs in a child process; the sessions are raw
 * sockets here that send their subscribes and then only read.
 */
export async function sessionsMemoryBenchmark(
  sessions = 10_000,
  perSession = 10,
): Promise<BenchRow> {
  const child = fork(fileURLToPath(new URL('./session-server-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
  });
  const sockets: Socket[] = [];
  try {
    const { address } = await new Promise<{ address: string }>((resolve) =>
      child.once('message', (message) => resolve(message as { address: string })),
    );
    const { port } = new URL(address);
    const idle = await ask(child, 'count');
    const subscribes = Buffer.concat(
      Array.from({ length: perSession }, (_, i) =>
        encodeRequestFrame({
          requestId: i + 1,
          requestType: RequestType.Subscribe,
          path: '/bench/topic',
          data: new Uint8Array(),
        }),
      ),
    );
    // Opened in batches so the listen backlog never overflows.
    for (let start = 0; start < sessions; start += 200) {
      const batch = Array.from({ length: Math.min(200, sessions - start) }, () => {
        const socket = connect({ host: '127.0.0.1', port: Number(port) });
        socket.on('error', () => undefined);
        socket.on('data', () => undefined);
        sockets.push(socket);
        return new Promise<void>((resolve) =>
          socket.once('connect', () => {
            socket.write(subscribes);
            resolve();
          }),
        );
      });
      await Promise.all(batch);
    }
    let counts = await ask(child, 'count');
    for (let tries = 0; tries < 600 && counts.subscribers < sessions * perSession; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      counts = await ask(child, 'count');
    }
    const mib = counts.rss / 1024 ** 2;
    return {
      name: `server memory, ${counts.sessions.toLocaleString('en-US')} tcp sessions with ${counts.subscribers.toLocaleString('en-US')} subscriptions`,
      value: mib,
      unit: 'MiB RSS',
      detail: `idle server ${(idle.rss / 1024 ** 2).toFixed(0)} MiB; bound 1024 MiB: ${counts.rss < BOUND_BYTES ? 'under' : 'OVER'}`,
    };
  } finally {
    for (const socket of sockets) socket.destroy();
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
