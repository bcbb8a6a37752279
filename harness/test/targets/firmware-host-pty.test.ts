import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunningTarget } from '../../src/targets/target-provider.js';
import { expectPassed, runFile, runInline, startTarget } from '../support/scenario-on-target.js';
import {
  childProcessesNamed,
  expectPassedOrSkippedByTargets,
  runWholeSuite,
} from './suite-on-target.js';

const LONG = 120_000;

afterAll(() => {
  expect(childProcessesNamed('nanorpc-device')).toEqual([]);
});

describe('the firmware-host-pty target (host build on a pty, real serial transport)', () => {
  let target: RunningTarget;
  beforeAll(async () => {
    target = await startTarget('firmware-host-pty');
  }, LONG);
  afterAll(async () => {
    await target?.stop();
  });

  it('is a serial endpoint on a pseudo-terminal without a reset of its own', () => {
    expect(target.name).toBe('firmware-host-pty');
    expect(target.transportKind).toBe('serial');
    expect(target.endpoint).toMatch(/^serial:\/\/\/dev\/pts\/\d+$/);
    expect(target.reset).toBeUndefined();
  });

  it(
    'resyncs after garbage and keeps the line through /sys/reboot',
    async () => {
      expectPassed(
        await runInline(
          target,
          `
name: host over pty
proto: demo_device.proto
steps:
  - request: { path: /sys/info, capture: { boots: json.bootCount } }
  - send-raw: { hex: "ff ff ff ff ff ff" }
  - expect-recovery: { within: 5s }
  - reboot: { method: request, within: 10s }
  - request: { path: /sys/info, expect: { data: { json: { bootCount: { $gt: "\${boots}" } } } } }
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

describe('the firmware-host-pty target, whole run', () => {
  it(
    'passes the whole scenario suite; stream-only and large-frame scenarios skip by requires:',
    async () => {
      expectPassedOrSkippedByTargets(await runWholeSuite('firmware-host-pty'));
    },
    LONG,
  );

  it(
    'serves a stable path with pty-link',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'firmware-host-pty-'));
      const link = path.join(dir, 'device');
      const linked = await startTarget('firmware-host-pty', { 'pty-link': link });
      try {
        expect(linked.endpoint).toBe(`serial://${link}`);
        expectPassed(await runInline(linked, 'name: by link\nsteps:\n  - ping:\n'));
      } finally {
        await linked.stop();
        await rm(dir, { recursive: true, force: true });
      }
    },
    LONG,
  );
});
