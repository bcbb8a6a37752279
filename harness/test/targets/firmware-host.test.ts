import type { RunningTarget } from '../../src/targets/target-provider.js';
import { TargetRegistry } from '../../src/targets/target-registry.js';
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
  notPassed,
  runCliWithReports,
  runWholeSuite,
} from './suite-on-target.js';

/** A suite run takes seconds; generous for a loaded machine. */
const LONG = 120_000;

afterAll(() => {
  expect(childProcessesNamed('nanorpc-device')).toEqual([]);
});

describe('the firmware-host target (host build over loopback TCP)', () => {
  it(
    'is found by the registry with the other firmware targets',
    async () => {
      const names = TargetRegistry.builtIn()
        .list()
        .map((provider) => provider.name);
      expect(names).toEqual(expect.arrayContaining(['firmware-host', 'firmware-host-pty', 'qemu']));
    },
    LONG,
  );

  it(
    'builds and starts the binary, serves on TCP, and stop ends the process',
    async () => {
      const lines: string[] = [];
      const provider = TargetRegistry.builtIn().resolve('firmware-host');
      const target = await provider.start({ ...startOptions(), log: (line) => lines.push(line) });
      try {
        expect(target.name).toBe('firmware-host');
        expect(target.transportKind).toBe('tcp');
        expect(target.endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
        // No reset of its own: reboot steps use /sys/reboot, as on a board.
        expect(target.reset).toBeUndefined();
        expect(lines).toContain(`firmware-host: make -s -C ${REPO_ROOT}firmware/ host`);
        expect(childProcessesNamed('nanorpc-device')).toHaveLength(1);
        expectPassed(
          await runInline(
            target,
            `
name: host over tcp
proto: demo_device.proto
steps:
  - request: { path: /sys/info, expect: { data: { json: { deviceName: nanorpc-demo, maxFrameSize: 256 } } } }
  - request: { path: /sys/info, capture: { boots: json.bootCount } }
  - reboot: { within: 10s }
  - request: { path: /sys/info, expect: { data: { json: { bootCount: { $gt: "\${boots}" } } } } }
`,
          ),
        );
      } finally {
        await target.stop();
        await target.stop(); // twice is fine
      }
      expect(childProcessesNamed('nanorpc-device')).toEqual([]);
    },
    LONG,
  );

  it(
    'listens where the listen setting says',
    async () => {
      const first = await startTarget('firmware-host');
      const port = Number(new URL(first.endpoint).port);
      await first.stop(); // frees the port for the second one
      const target = await startTarget('firmware-host', { listen: `tcp://127.0.0.1:${port}` });
      try {
        expect(target.endpoint).toBe(`tcp://127.0.0.1:${port}`);
      } finally {
        await target.stop();
      }
    },
    LONG,
  );

  it(
    'fails to start with a clear error for a missing binary, one that exits, or faults',
    async () => {
      const provider = TargetRegistry.builtIn().resolve('firmware-host');
      await expect(
        provider.start(startOptions({ binary: 'no/such/nanorpc-device' })),
      ).rejects.toMatchObject({
        code: 'ERR_TARGET_START',
        message: expect.stringContaining('binary=no/such/nanorpc-device'),
      });
      await expect(provider.start(startOptions({ binary: '/bin/false' }))).rejects.toMatchObject({
        code: 'ERR_TARGET_START',
        message: 'nanorpc-device exited with status 1 before it was ready',
      });
      expect(() =>
        TargetRegistry.builtIn().select('firmware-host', {
          faults: ['silent=/echo'],
          settings: {},
        }),
      ).toThrow(
        expect.objectContaining({
          code: 'ERR_FAULTS_NOT_ACCEPTED',
          message: expect.stringContaining('only the emulator can do'),
        }),
      );
      await expect(provider.start(startOptions({ listen: 'pty' }))).rejects.toMatchObject({
        code: 'ERR_TARGET_START',
        message: expect.stringContaining('use --target firmware-host-pty'),
      });
      await expect(
        provider.start(startOptions({ listen: 'tcp://127.0.0.1:99999' })),
      ).rejects.toMatchObject({
        code: 'ERR_TARGET_START',
        message: expect.stringContaining('bad endpoint: tcp://127.0.0.1:99999'),
      });
    },
    LONG,
  );

  it(
    'passes the whole scenario suite through runSuite, large frames skipped by requires:',
    async () => {
      const { outcome, excluded, selected } = await runWholeSuite('firmware-host');
      expect(excluded).toEqual([]);
      expect(notPassed(outcome.report)).toEqual([
        expect.stringContaining(
          'requires maxFrameSize >= 8300; the device has 256 (from /sys/info)',
        ),
      ]);
      expect(outcome.report.totals).toEqual({
        scenarios: selected,
        passed: selected - 1,
        failed: 0,
        skipped: 1,
      });
      expect(outcome.report.target.capabilities?.maxFrameSize).toBe(256);
      expect(outcome.report.target.name).toBe('firmware-host');
    },
    LONG,
  );

  it(
    'takes a frame of exactly 256 bytes (echo-firmware-max.yaml)',
    async () => {
      const target: RunningTarget = await startTarget('firmware-host');
      try {
        expectPassed(await runFile(target, 'scenarios/request/echo-firmware-max.yaml'));
      } finally {
        await target.stop();
      }
    },
    LONG,
  );

  it(
    'works from the command line with no --exclude: a large frame is skipped with its reason',
    async () => {
      const { status, stdout, stderr } = await runCliWithReports([
        'run',
        'scenarios/ping',
        'scenarios/request/echo-large-frames.yaml',
        '--target',
        'firmware-host',
      ]);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(stdout).toContain(
        'SKIP echo of 1 KiB and 8 KiB payloads: requires maxFrameSize >= 8300; the device has 256 (from /sys/info)',
      );
    },
    LONG,
  );
});
