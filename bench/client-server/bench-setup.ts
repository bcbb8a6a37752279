import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  NanoRpcClient,
  type ClientOptions,
  NanoRpcServer,
  type ServerOptions,
} from '@nanorpc-sim/core';
import { openTempPtyPair } from '../../core/test/support/temp-pty-pair.js';

export type BenchTransport = 'tcp' | 'unix' | 'pty';

/** A server with /echo, and a way to connect clients to it; close() tidies everything. */
export interface BenchRig {
  server: NanoRpcServer;
  connect(options?: ClientOptions): Promise<NanoRpcClient>;
  close(): Promise<void>;
}

export async function startRig(
  transport: BenchTransport,
  configure: (server: NanoRpcServer) => void = () => undefined,
  serverOptions: ServerOptions = {},
): Promise<BenchRig> {
  const server = new NanoRpcServer(serverOptions);
  server.handle('/echo', (ctx) => ctx.data);
  configure(server);
  const clients: NanoRpcClient[] = [];
  let connectTo: string;
  let tidy: () => Promise<void> = async () => undefined;
  try {
    if (transport === 'tcp') {
      connectTo = (await server.listen('tcp://127.0.0.1:0')).address;
    } else if (transport === 'unix') {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-bench-'));
      tidy = () => rm(dir, { recursive: true, force: true });
      connectTo = `unix://${path.join(dir, 'bench.sock')}`;
      await server.listen(connectTo);
    } else {
      const pair = await openTempPtyPair();
      tidy = () => pair.close();
      await server.listen(`serial://${pair.device}`);
      connectTo = `serial://${pair.host}`;
    }
  } catch (error) {
    await server.close({ deadlineMs: 100 });
    await tidy();
    throw error;
  }
  return {
    server,
    async connect(options = {}) {
      const client = new NanoRpcClient(connectTo, { requestTimeoutMs: 10_000, ...options });
      clients.push(client);
      await client.connect();
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((client) => client.close()));
      await server.close({ deadlineMs: 100 });
      await tidy();
    },
  };
}
