import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '@nanorpc-sim/emulator';
import { runCli } from '../../src/cli/run-cli.js';
import type { RunReport } from '../../src/report/run-report.js';
import { parseScenario } from '../../src/scenario/scenario-loader.js';
import { runMatrix } from '../../src/scenario/target-matrix.js';
import type { TargetProvider } from '../../src/targets/target-provider.js';
import { emulatorTarget } from '../../src/targets/emulator.js';
import { memoryIo } from '../cli/memory-io.js';

const LONG = 60_000;
const PING = 'name: ping\nsteps:\n  - ping:\n';
const ECHO =
  'name: echo\nsteps:\n  - request: { path: /echo, data: { utf8: hi }, expect: { data: { utf8: hi } } }\n';
const STREAM_ONLY = 'name: stream only\nrequires: { transport: stream }\nsteps:\n  - ping:\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-matrix-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeScenarios(): Promise<void> {
  await writeFile(path.join(dir, 'ping.yaml'), PING);
  await writeFile(path.join(dir, 'echo.yaml'), ECHO);
  await writeFile(path.join(dir, 'stream.yaml'), STREAM_ONLY);
}

function readReport(): { report: RunReport; junit: string; html: string } {
  const latest = path.join(dir, 'out', 'latest');
  return {
    report: JSON.parse(readFileSync(path.join(latest, 'report.json'), 'utf8')) as RunReport,
    junit: readFileSync(path.join(latest, 'junit.xml'), 'utf8'),
    html: readFileSync(path.join(latest, 'report.html'), 'utf8'),
  };
}

describe('run on several targets at once', () => {
  it(
    'runs every scenario on each --target and reports a matrix with one JUnit suite per target',
    async () => {
      await writeScenarios();
      const io = memoryIo(dir);
      const status = await runCli(
        [
          'run',
          '.',
          '--target',
          'emulator',
          '--target',
          'emulator-pty',
          '--target',
          'emulator',
          '--jobs',
          '2',
          '--report',
          'out',
        ],
        io,
      );
      expect(io.stderr.text).toBe('');
      expect(status).toBe(0);
      expect(io.stdout.text).toMatch(
        /^\[emulator-pty\] SKIP stream only: requires transport stream/m,
      );
      expect(io.stdout.text).toMatch(/^\[emulator#2\] PASS echo/m);
      const { report, junit, html } = readReport();
      expect(report.targets?.map((target) => target.label)).toEqual([
        'emulator',
        'emulator-pty',
        'emulator#2',
      ]);
      expect(report.totals).toEqual({ scenarios: 9, passed: 8, failed: 0, skipped: 1 });
      const cells = report.scenarios.map((s) => `${s.target ?? ''}:${s.name}:${s.verdict}`).sort();
      expect(cells).toContain('emulator-pty:stream only:skipped');
      expect(cells).toContain('emulator#2:stream only:passed');
      expect(junit.match(/<testsuite /g)).toHaveLength(3);
      expect(junit).toContain(
        '<testsuite name="nanorpc-hil emulator-pty" tests="3" failures="0" errors="0" skipped="1"',
      );
      expect(html).toContain('<section id="matrix">');
      expect(html).toMatch(/<th>emulator<\/th><th>emulator-pty<\/th><th>emulator#2<\/th>/);
    },
    LONG,
  );

  it('reads a targets file, and names file, line and field of a mistake (exit 2)', async () => {
    await writeScenarios();
    await writeFile(
      path.join(dir, '_boards.yaml'),
      'targets:\n  - name: bench-a\n    target: emulator\n    capabilities: { maxFrameSize: 100 }\n  - name: bench-b\n    target: emulator\n',
    );
    await writeFile(
      path.join(dir, 'big.yaml'),
      'name: big\nrequires: { maxFrameSize: 200 }\nsteps:\n  - ping:\n',
    );
    const io = memoryIo(dir);
    expect(await runCli(['run', '.', '--targets', '_boards.yaml', '--report', 'out'], io)).toBe(0);
    expect(io.stdout.text).toContain(
      '[bench-a] SKIP big: requires maxFrameSize >= 200; the device has 100 (from the target settings)',
    );
    expect(io.stdout.text).toMatch(/^\[bench-b\] PASS big/m);
    await writeFile(
      path.join(dir, '_bad.yaml'),
      'targets:\n  - name: a\n    target: emulator\n    flsh: make flash\n',
    );
    const bad = memoryIo(dir);
    expect(await runCli(['run', '.', '--targets', '_bad.yaml', '--no-report'], bad)).toBe(2);
    expect(bad.stderr.text).toMatch(
      /_bad\.yaml:4:\d+: targets\[0\]\.flsh: unknown key \(known: name, target/,
    );
  });

  it("runs a board's flash command before its scenarios; a failed flash stops that board only", async () => {
    await writeFile(path.join(dir, 'ping.yaml'), PING);
    await writeFile(
      path.join(dir, '_boards.yaml'),
      [
        'targets:',
        '  - name: flashed',
        '    target: emulator',
        '    flash: echo image > flashed.txt',
        '  - name: unflashable',
        '    target: emulator',
        '    flash: exit 3',
        '',
      ].join('\n'),
    );
    const io = memoryIo(dir);
    expect(await runCli(['run', '.', '--targets', '_boards.yaml', '--report', 'out'], io)).toBe(1);
    expect(readFileSync(path.join(dir, 'flashed.txt'), 'utf8')).toBe('image\n');
    expect(io.stdout.text).toMatch(/^\[flashed\] PASS ping/m);
    const { report } = readReport();
    expect(report.targets?.find((t) => t.label === 'unflashable')?.error).toBe(
      'target unflashable did not start: flash command exited with status 3: exit 3',
    );
  });

  it(
    'reports a target that dies mid-run or never starts, and the others go on',
    async () => {
      const plans = [PING, ECHO, PING.replace('ping', 'ping again')].map((text, index) =>
        parseScenario(text, `s${index}.yaml`, dir),
      );
      let doomed: RunningEmulator | undefined;
      const dying: TargetProvider = {
        name: 'dying',
        description: 'an emulator that is stopped after its first scenario',
        acceptsFaults: false,
        start: async () => {
          doomed = await startEmulator({ listen: 'tcp://127.0.0.1:0' });
          const running = doomed;
          return {
            name: 'dying',
            endpoint: running.endpoint,
            transportKind: 'tcp',
            stop: () => running.stop(),
          };
        },
      };
      const broken: TargetProvider = {
        name: 'broken',
        description: 'never starts',
        acceptsFaults: false,
        start: () => Promise.reject(new Error('no board on the bench')),
      };
      const outcome = await runMatrix({
        plans,
        cwd: dir,
        tool: { name: 'nanorpc-hil', version: 'test' },
        jobs: 2,
        targets: [
          { label: 'good', provider: emulatorTarget, settings: {}, faults: [] },
          { label: 'dying', provider: dying, settings: {}, faults: [] },
          { label: 'broken', provider: broken, settings: {}, faults: [] },
        ],
        events: (label) =>
          label === 'dying' ? { scenarioFinished: () => void doomed?.stop() } : undefined,
      });
      const verdicts = (label: string) =>
        outcome.report.scenarios.filter((s) => s.target === label).map((s) => s.verdict);
      expect(verdicts('good')).toEqual(['passed', 'passed', 'passed']);
      expect(verdicts('dying')).toEqual(['passed', 'failed', 'skipped']);
      expect(verdicts('broken')).toEqual(['failed', 'failed', 'failed']);
      const info = new Map(outcome.report.targets?.map((t) => [t.label, t]));
      expect(info.get('dying')?.error).toMatch(
        /^stopped answering during "echo": setup: cannot connect/,
      );
      expect(info.get('broken')?.error).toBe('target broken did not start: no board on the bench');
      expect(info.get('good')?.error).toBeUndefined();
      const last = outcome.report.scenarios.filter((s) => s.target === 'dying')[2];
      expect(last?.steps[0]?.message).toBe('not run: target dying stopped answering');
    },
    LONG,
  );
});
