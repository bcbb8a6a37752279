import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NanoRpcClient, NanoRpcServer, Status } from '@nanorpc-sim/core';
import { startEmulator } from '@nanorpc-sim/emulator';
import { loadScenarioSet } from '../../src/scenario/scenario-set.js';
import { runSuite } from '../../src/scenario/scenario-suite.js';
import { FaultProxy } from '../../src/targets/fault-proxy.js';
import { TargetRegistry } from '../../src/targets/target-registry.js';
import { REPO_ROOT } from '../support/scenario-on-target.js';
import { childProcessesNamed, notPassed } from './suite-on-target.js';

/** Suite runs on firmware take seconds; generous for a loaded machine. */
const LONG = 240_000;

const echoServer = (): NanoRpcServer => new NanoRpcServer().handle('/echo', (ctx) => ctx.data);

describe('FaultProxy in front of a device it cannot change', () => {
  let server: NanoRpcServer;
  let proxy: FaultProxy | undefined;
  const clients: NanoRpcClient[] = [];
  let dir: string;

  beforeEach(async () => {
    server = echoServer();
    dir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-proxy-test-'));
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await proxy?.stop();
    proxy = undefined;
    await server.close({ deadlineMs: 100 });
    await rm(dir, { recursive: true, force: true });
  });

  async function through(target: string, faults: Parameters<typeof FaultProxy.start>[0]['faults']) {
    proxy = await FaultProxy.start({ target, faults, log: () => undefined });
    const client = new NanoRpcClient(proxy.endpoint, { requestTimeoutMs: 2000, reconnect: false });
    clients.push(client);
    await client.connect();
    return client;
  }

  test.each([
    ['tcp', 'tcp://127.0.0.1:0'],
    ['unix', 'unix://SOCKET'],
  ])('relays %s untouched without faults, keeping the transport kind', async (kind, listen) => {
    const address = (await server.listen(listen.replace('SOCKET', path.join(dir, 'd.sock'))))
      .address;
    const client = await through(address, {});
    expect(proxy?.transportKind).toBe(kind);
    expect(proxy?.endpoint).not.toBe(address);
    const data = Uint8Array.from({ length: 200 }, (_, i) => i);
    const answer = await client.request('/echo', data);
    expect(answer.responseStatus).toBe(Status.Ok);
    expect([...answer.data]).toEqual([...data]);
  });

  test('applies disconnect-after to what the device sends, closing both sides', async () => {
    const address = (await server.listen('tcp://127.0.0.1:0')).address;
    const client = await through(address, { disconnectAfter: 2 });
    await client.ping();
    await client.ping();
    const closed = new Promise((resolve) => server.once('session-closed', resolve));
    await expect(client.ping()).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_/) });
    await closed;
  });

  test('applies drop=1: the harness hears nothing, the device still gets every request', async () => {
    const address = (await server.listen('tcp://127.0.0.1:0')).address;
    let requests = 0;
    server.handle('/count', () => {
      requests++;
      return new Uint8Array();
    });
    const client = await through(address, { drop: 1 });
    await expect(
      client.request('/count', new Uint8Array(), { timeoutMs: 300 }),
    ).rejects.toMatchObject({
      code: 'ERR_TIMEOUT',
    });
    expect(requests).toBe(1);
  });

  test('in front of a serial line (the emulator on a pty): the harness opens the proxy pty', async () => {
    const emulator = await startEmulator({ listen: 'pty' });
    try {
      proxy = await FaultProxy.start({
        target: emulator.endpoint,
        faults: { latencyMs: 5 },
        log: () => undefined,
      });
      expect(proxy.transportKind).toBe('serial');
      expect(proxy.endpoint).toMatch(/^serial:\/\/.*nanorpc-fault-proxy-.*\/host\?baud=115200$/);
      const client = new NanoRpcClient(proxy.endpoint, {
        requestTimeoutMs: 5000,
        reconnect: false,
      });
      clients.push(client);
      await client.connect();
      expect((await client.ping()).responseStatus).toBe(Status.Ok);
      expect(emulator.links.size).toBe(1);
    } finally {
      for (const client of clients.splice(0)) await client.close();
      await proxy?.stop();
      proxy = undefined;
      await emulator.stop();
    }
  });
});

/** The errors and reconnect groups, through the proxy, with faults these scenarios tolerate. */
async function runGroupsWithFaults(target: string, faults: readonly string[]) {
  // Scenarios that need more than the firmware offers skip themselves (requires:).
  const plans = await loadScenarioSet(['scenarios/errors', 'scenarios/reconnect'], REPO_ROOT);
  const lines: string[] = [];
  const provider = TargetRegistry.builtIn().select(target, { faults, settings: {} });
  const outcome = await runSuite({
    plans,
    target: provider,
    faults,
    cwd: REPO_ROOT,
    log: (line) => lines.push(line),
    tool: { name: 'nanorpc-hil', version: 'test' },
  });
  return { outcome, lines, selected: plans.length };
}

describe('the errors and reconnect groups with faults, through the proxy', () => {
  afterAll(() => {
    expect(childProcessesNamed('nanorpc-device')).toEqual([]);
    expect(childProcessesNamed('qemu-system-arm')).toEqual([]);
  });

  test.each([
    ['firmware-host', ['latency=5', 'jitter=3', 'seed=7']],
    ['qemu', ['latency=5', 'jitter=2', 'seed=7']],
  ])(
    '%s passes them with --fault %j',
    async (target, faults) => {
      const { outcome, lines, selected } = await runGroupsWithFaults(target, faults);
      expect(lines.join('\n')).toMatch(/fault-proxy: \S+ -> \S+ \(seed 7;/);
      expect(notPassed(outcome.report).filter((line) => !line.startsWith('  skipped'))).toEqual([]);
      expect(outcome.report.totals.failed).toBe(0);
      expect(outcome.report.totals.passed).toBeGreaterThan(outcome.report.totals.skipped);
      expect(outcome.report.totals.scenarios).toBe(selected);
    },
    LONG,
  );
});
