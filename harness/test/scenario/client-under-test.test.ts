import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NanoRpcClient, PayloadTypes } from '@nanorpc-sim/core';
import { DEMO_PROTO_BUILT_IN } from '@nanorpc-sim/emulator';
import type { ScenarioResult } from '../../src/report/run-report.js';
import { runInline } from '../support/scenario-on-target.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-cut-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts a client-under-test scenario: the harness is the server, so there is no target. */
function start(yaml: string): Promise<ScenarioResult> {
  return runInline(undefined, yaml);
}

async function waitForFile(file: string): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(file); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('client-under-test scenarios (the harness is the server)', () => {
  it('scripts answers, sees requests and subscriptions, publishes, drops the connection', async () => {
    const socket = path.join(dir, 'server.sock');
    const running = start(`
name: scripted server
role: client-under-test
proto: demo_device.proto
server: { listen: "unix://${socket}" }
steps:
  - serve: { path: /calc/multiply, data: { json: { product: 6 } } }
  - serve: { path: /test/fail, status: INTERNAL_ERROR, message: scripted failure }
  - expect-connection: { within: 5s }
  - expect-request:
      type: REQUEST
      path: /calc/multiply
      data: { json: { a: 2, b: 3 } }
      within: 5s
      capture: { id: requestId }
  - expect-request: { type: SUBSCRIBE, path: /sensors/temp, within: 5s }
  - publish:
      path: /sensors/temp
      data: { json: { sequence: 1, milliCelsius: 21000 } }
      expect: { delivered: 1 }
  - expect-request: { path: /test/fail, within: 5s }
  - drop-connection:
  - expect-disconnect: { within: 5s }
`);
    await waitForFile(socket);
    const types = PayloadTypes.fromProtoFiles('demo_device.proto', {
      builtIn: DEMO_PROTO_BUILT_IN,
    });
    const client = new NanoRpcClient(`unix://${socket}`, { payloads: types });
    const updates: unknown[] = [];
    const dropped = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
    await client.connect();
    expect(await client.callTyped('/calc/multiply', { a: 2, b: 3 })).toEqual({ product: '6' });
    const gotUpdate = new Promise<void>((resolve) => {
      void client.subscribeTyped('/sensors/temp', undefined, (value) => {
        updates.push(value);
        resolve();
      });
    });
    await gotUpdate;
    const failed = await client.request('/test/fail');
    expect(failed.responseMessage).toBe('scripted failure');
    await dropped;
    const result = await running;
    await client.close();
    if (result.verdict !== 'passed') throw new Error(result.failure?.message);
    expect(updates).toEqual([{ sequence: 1, milliCelsius: 21000 }]);
  });

  it('launches the client under test and checks its exit status', async () => {
    const pass = await start(`
name: launched
role: client-under-test
server: { launch: { command: [node, -e, "process.exit(process.env.NANORPC_ENDPOINT.startsWith('tcp://') ? 0 : 5)"] } }
steps:
  - expect-exit: { within: 10s }
`);
    if (pass.verdict !== 'passed') throw new Error(pass.failure?.message);
    const fail = await start(`
name: launched badly
role: client-under-test
server: { launch: { command: [node, -e, "console.error('boom'); process.exit(3)"] } }
steps:
  - expect-exit: { code: 0, within: 10s }
`);
    expect(fail.failure?.message).toBe(
      'step 1 (expect-exit, line 6): the launched client exited with status 3, expected status 0',
    );
    expect(fail.failure?.received).toMatchObject({ code: 3, output: ['boom'] });
  });

  it('fails when the client sends nothing', async () => {
    const result = await start(`
name: nobody
role: client-under-test
steps:
  - expect-connection: { within: 100ms }
`);
    expect(result.failure?.message).toMatch(
      /^step 1 \(expect-connection, line 5\): no client connection to tcp:\/\/127\.0\.0\.1:\d+ within 100 ms$/,
    );
  });
});
