import path from 'node:path';
import { NanoRpcClient, Status, loadProtoFiles } from '@nanorpc-sim/core';
import { REPO_PROTO_DIR as PROTO_DIR } from '../../../core/test/support/repo-paths.js';
import type { RunningTarget } from '../../src/targets/target-provider.js';
import { TargetRegistry } from '../../src/targets/target-registry.js';
import { FIRMWARE_ARTIFACTS } from '../../src/targets/firmware-build.js';
import { QemuMachine } from '../../src/targets/qemu-machine.js';
import {
  expectPassed,
  REPO_ROOT,
  runFile,
  runInline,
  startOptions,
  startTarget,
} from '../support/scenario-on-target.js';
import {
  childProcessesNamed,
  expectPassedOrSkippedByTargets,
  runCliWithReports,
  runWholeSuite,
} from './suite-on-target.js';

const LONG = 120_000;
const SysInfo = loadProtoFiles([path.join(PROTO_DIR, 'demo_device.proto')]).lookupType(
  'demo.SysInfo',
);
const LED_ON = new Uint8Array([0x08, 0x02]); // LedRequest{action: ACTION_ON}
const LED_READ = new Uint8Array(); // LedRequest{action: ACTION_READ}

async function bootCount(client: NanoRpcClient): Promise<number> {
  const info = SysInfo.toObject(SysInfo.decode(await client.call('/sys/info')), { longs: Number });
  return Number(info['bootCount'] ?? 0);
}

/** Pings until the restarted device answers (bytes sent during the reset itself are lost). */
async function answersAgain(client: NanoRpcClient): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.ping({ timeoutMs: 1000 });
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
    }
  }
}

afterAll(() => {
  expect(childProcessesNamed('qemu-system-arm')).toEqual([]);
});

describe('the qemu target (firmware on lm3s6965evb, UART pty, real serial transport)', () => {
  let target: RunningTarget;
  beforeAll(async () => {
    target = await startTarget('qemu');
  }, LONG);
  afterAll(async () => {
    await target?.stop();
  });

  it('is a serial endpoint on QEMU pty with a reset of its own', () => {
    expect(target.name).toBe('qemu');
    expect(target.transportKind).toBe('serial');
    expect(target.endpoint).toMatch(/^serial:\/\/\/dev\/pts\/\d+\?resync=1000$/);
    expect(target.reset).toBeDefined();
    expect(childProcessesNamed('qemu-system-arm')).toHaveLength(1);
  });

  it(
    'resets by QEMU system reset and by /sys/reboot (SCB) on the same open line, one boot each',
    async () => {
      const client = new NanoRpcClient(target.endpoint, { reconnect: false });
      let disconnects = 0;
      client.on('disconnect', () => disconnects++);
      await client.connect();
      try {
        const before = await bootCount(client);
        await client.call('/gpio/led', LED_ON);
        await target.reset?.();
        await answersAgain(client);
        expect(await bootCount(client)).toBe(before + 1);
        expect(await client.call('/gpio/led', LED_READ)).toEqual(new Uint8Array()); // off: empty LedState
        const reboot = await client.request('/sys/reboot');
        expect(reboot.responseStatus).toBe(Status.Ok);
        await answersAgain(client);
        expect(await bootCount(client)).toBe(before + 2);
        expect(disconnects).toBe(0);
      } finally {
        await client.close();
      }
    },
    LONG,
  );

  it(
    'delivers every update: the pty holder takes no bytes from the connection',
    async () => {
      expectPassed(
        await runInline(
          target,
          `
name: many updates
proto: demo_device.proto
steps:
  - subscribe: { path: /sensors/temp }
  - request:
      path: /test/publish
      data: { json: { count: 200, startMilliCelsius: 0, stepMilliCelsius: 1 } }
      expect: { data: { json: { published: 200, delivered: 200 } }, within: 10s }
  - expect-updates: { count: 200, within: 10s, increasing: sequence, noMoreFor: 300ms }
`,
        ),
      );
    },
    LONG,
  );

  it(
    'takes a frame of exactly 256 bytes (echo-firmware-max.yaml)',
    async () => {
      expectPassed(await runFile(target, 'scenarios/request/echo-firmware-max.yaml'));
    },
    LONG,
  );
});

describe('the qemu target, whole run', () => {
  it(
    'passes the whole scenario suite; stream-only and large-frame scenarios skip by requires:',
    async () => {
      const run = await runWholeSuite('qemu');
      expectPassedOrSkippedByTargets(run);
      // The reconnect cases run here (reboot over a serial line), not only on stream targets.
      const reboots = run.outcome.report.scenarios.filter(
        (s) => s.tags.includes('reboot') && s.verdict === 'passed',
      );
      expect(reboots.length).toBeGreaterThanOrEqual(3);
    },
    LONG,
  );

  it(
    'works from the command line: run --target qemu',
    async () => {
      const { status, stderr } = await runCliWithReports([
        'run',
        'scenarios/ping',
        '--target',
        'qemu',
      ]);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    },
    LONG,
  );

  it(
    'fails to start with a clear error for a missing image, a QEMU that exits, or faults',
    async () => {
      const provider = TargetRegistry.builtIn().resolve('qemu');
      await expect(provider.start(startOptions({ image: 'no/such.elf' }))).rejects.toMatchObject({
        code: 'ERR_TARGET_START',
        message: expect.stringContaining('image=no/such.elf'),
      });
      await expect(provider.start(startOptions({ qemu: '/bin/false' }))).rejects.toMatchObject({
        code: 'ERR_TARGET_START',
        message: '/bin/false exited with status 1 before it was ready',
      });
      await expect(
        provider.start(startOptions({ qemu: 'no-such-qemu-binary' })),
      ).rejects.toMatchObject({
        code: 'ERR_TARGET_START',
        message: expect.stringContaining('cannot start no-such-qemu-binary'),
      });
      await expect(
        provider.start(startOptions({ machine: 'no-such-board' })),
      ).rejects.toMatchObject({
        code: 'ERR_TARGET_START',
        message: expect.stringContaining('unsupported machine type'),
      });
      expect(() =>
        TargetRegistry.builtIn().select('qemu', { faults: ['slow=/echo:5'], settings: {} }),
      ).toThrow(expect.objectContaining({ code: 'ERR_FAULTS_NOT_ACCEPTED' }));
      expect(childProcessesNamed('qemu-system-arm')).toEqual([]);
    },
    LONG,
  );
});

describe('QemuMachine: output nobody reads', () => {
  /** Resolves once the holder's count of dropped bytes has stopped growing for `quietMs`. */
  async function settled(machine: QemuMachine, quietMs: number, limitMs: number): Promise<number> {
    const deadline = Date.now() + limitMs;
    let last = -1;
    let since = Date.now();
    while (Date.now() < deadline) {
      const now = machine.discardedBytes;
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (now > 0 && Date.now() - since >= quietMs) return now;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return machine.discardedBytes;
  }

  it(
    'drops a backlog left by a closed connection, so QEMU does not stall and the next connection starts clean',
    async () => {
      const machine = await QemuMachine.start({
        program: 'qemu-system-arm',
        machine: 'lm3s6965evb',
        image: path.join(REPO_ROOT, 'firmware', FIRMWARE_ARTIFACTS.qemu), // built by startTarget above
        extraArgs: [],
        log: () => undefined,
        signal: new AbortController().signal,
      });
      const target: RunningTarget = {
        name: 'qemu',
        endpoint: `serial://${machine.ptyPath}`,
        transportKind: 'serial',
        reset: () => machine.reset(),
        stop: () => machine.stop(),
      };
      try {
        // A raw subscription the harness client does not know (so it is not unsubscribed at
        // close), then 6 x 1000 readings (about 72 KB, more than a pty buffers), and close.
        const publish = (id: number): string =>
          `  - send-raw: { request: { requestId: ${id}, type: REQUEST, path: /test/publish, data: { hex: "08e807" } } }\n`;
        expectPassed(
          await runInline(
            target,
            `name: leave a backlog\nsteps:\n  - send-raw: { request: { requestId: 77, type: SUBSCRIBE, path: /sensors/temp } }\n` +
              [80, 81, 82, 83, 84, 85].map(publish).join(''),
          ),
        );
        const dropped = await settled(machine, 1000, 60_000);
        expect(dropped).toBeGreaterThan(64 * 1024);
        // QMP still answers (a stalled UART would hold QEMU's main loop), and the next connection
        // sees none of the old output.
        await machine.reset();
        expectPassed(
          await runInline(
            target,
            `
name: starts clean
steps:
  - expect-silence: { for: 500ms }
  - ping: { within: 5s }
  - send-raw: { request: { requestId: 77, type: SUBSCRIBE, path: /echo } }
  - expect-frame: { requestId: 77, type: RESPONSE, status: NOT_FOUND, within: 5s }
  - expect-silence: { for: 300ms }
`,
          ),
        );
      } finally {
        await machine.stop();
      }
      expect(childProcessesNamed('qemu-system-arm')).toEqual([]);
    },
    LONG,
  );
});
