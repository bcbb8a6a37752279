import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { parseScenario } from '../../src/scenario/scenario-loader.js';
import { emptyCapabilities, withCapabilities } from '../../src/scenario/device-capabilities.js';
import { unmetRequirement } from '../../src/scenario/requirement-check.js';
import type { RunningTarget } from '../../src/targets/target-provider.js';
import { memoryIo } from '../cli/memory-io.js';

const parse = (text: string) => parseScenario(text, 'req.yaml', '/tmp');

const serialTarget: RunningTarget = {
  name: 'qemu',
  endpoint: 'serial:///dev/pts/9',
  transportKind: 'serial',
  stop: async () => undefined,
};

describe('requires: in scenario files', () => {
  it('reads requires and folds the old top-level targets: into it', () => {
    const plan = parse(
      'name: r\nrequires: { maxFrameSize: 512, subscriptions: 2, paths: [/echo], transport: serial }\nsteps:\n  - ping:\n',
    );
    expect(plan.requires).toEqual({
      maxFrameSize: 512,
      subscriptions: 2,
      paths: ['/echo'],
      transport: 'serial',
    });
    expect(parse('name: t\ntargets: [tcp, unix]\nsteps:\n  - ping:\n').requires).toEqual({
      targets: ['tcp', 'unix'],
    });
  });

  it('refuses targets given twice and unknown requirement keys, naming line and field', () => {
    expect(() =>
      parse('name: t\ntargets: [tcp]\nrequires: { targets: [unix] }\nsteps:\n  - ping:\n'),
    ).toThrow(/req\.yaml:2:\d+: targets: give targets once/);
    expect(() => parse('name: t\nrequires:\n  frameSize: 3\nsteps:\n  - ping:\n')).toThrow(
      /req\.yaml:3:3: requires.frameSize: unknown key/,
    );
  });
});

describe('unmetRequirement', () => {
  const fromSysInfo = withCapabilities(
    emptyCapabilities(),
    { maxFrameSize: 256, maxSubscriptions: 4 },
    'sys-info',
  );

  it('names the requirement, what the device has and where that came from', () => {
    expect(unmetRequirement({ maxFrameSize: 8300 }, serialTarget, fromSysInfo)).toBe(
      'requires maxFrameSize >= 8300; the device has 256 (from /sys/info)',
    );
    expect(unmetRequirement({ maxFrameSize: 256 }, serialTarget, fromSysInfo)).toBeUndefined();
    expect(unmetRequirement({ subscriptions: 8 }, serialTarget, fromSysInfo)).toBe(
      'requires 8 subscriptions; the device holds 4 (from /sys/info)',
    );
    expect(unmetRequirement({ transport: 'stream' }, serialTarget, fromSysInfo)).toBe(
      'requires transport stream; target qemu is serial (serial)',
    );
    expect(unmetRequirement({ targets: ['tcp', 'unix'] }, serialTarget, fromSysInfo)).toBe(
      'target qemu (serial) is not in targets: [tcp, unix]',
    );
    expect(unmetRequirement({ targets: ['qemu'] }, serialTarget, fromSysInfo)).toBeUndefined();
  });

  it('lets an option override /sys/info, and a given path list is complete', () => {
    const given = withCapabilities(fromSysInfo, { maxFrameSize: 100, paths: ['/echo'] }, 'option');
    expect(unmetRequirement({ maxFrameSize: 200 }, serialTarget, given)).toBe(
      'requires maxFrameSize >= 200; the device has 100 (from --capability)',
    );
    expect(unmetRequirement({ paths: ['/echo'] }, serialTarget, given)).toBeUndefined();
    expect(unmetRequirement({ paths: ['/echo', '/x', '/y'] }, serialTarget, given)).toBe(
      'requires paths /x, /y; the device does not serve them (from --capability)',
    );
  });

  it('counts what nobody knows as met (the scenario then speaks for itself)', () => {
    expect(
      unmetRequirement({ maxFrameSize: 1e6, paths: ['/x'] }, serialTarget, emptyCapabilities()),
    ).toBeUndefined();
  });
});

describe('nanorpc-hil run with requirements, against the emulator', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-req-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(files: Record<string, string>, extra: string[] = []) {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const io = memoryIo(dir);
    const status = await runCli(['run', '.', '--report', 'out', ...extra], io);
    const latest = path.join(dir, 'out', 'latest');
    const read = (file: string) => readFileSync(path.join(latest, file), 'utf8');
    return { status, stdout: io.stdout.text, read };
  }

  it('skips what the device lacks (learnt from /sys/info, probed paths), in every report', async () => {
    const { status, stdout, read } = await run({
      'huge.yaml': 'name: huge frames\nrequires: { maxFrameSize: 100000000 }\nsteps:\n  - ping:\n',
      'nopath.yaml': 'name: no path\nrequires: { paths: [/no/such/path] }\nsteps:\n  - ping:\n',
      'echo.yaml':
        'name: has echo\nrequires: { paths: [/echo], transport: stream }\nsteps:\n  - ping:\n',
    });
    expect(status).toBe(0);
    expect(stdout).toMatch(
      /^SKIP huge frames: requires maxFrameSize >= 100000000; the device has \d+ \(from \/sys\/info\)$/m,
    );
    expect(stdout).toContain(
      'SKIP no path: requires path /no/such/path; the device does not serve it (from a probe)',
    );
    expect(stdout).toMatch(/^PASS has echo/m);
    const report = JSON.parse(read('report.json')) as {
      target: { capabilities: { maxFrameSize: number; paths: Record<string, boolean> } };
      scenarios: { name: string; verdict: string; steps: { message?: string }[] }[];
    };
    expect(report.target.capabilities.maxFrameSize).toBeGreaterThan(256);
    expect(report.target.capabilities.paths).toEqual({ '/no/such/path': false, '/echo': true });
    const huge = report.scenarios.find((s) => s.name === 'huge frames');
    expect(huge?.verdict).toBe('skipped');
    expect(huge?.steps[0]?.message).toMatch(/^requires maxFrameSize >= 100000000/);
    expect(read('junit.xml')).toMatch(
      /<skipped message="requires maxFrameSize &gt;= 100000000; the device has \d+ \(from \/sys\/info\)"\/>/,
    );
    expect(read('report.html')).toContain(
      'requires path /no/such/path; the device does not serve it',
    );
  });

  it('takes --capability over /sys/info and refuses an unknown key (exit 2)', async () => {
    const files = { 'mid.yaml': 'name: mid\nrequires: { maxFrameSize: 200 }\nsteps:\n  - ping:\n' };
    const { stdout } = await run(files, ['--capability', 'maxFrameSize=100']);
    expect(stdout).toContain(
      'SKIP mid: requires maxFrameSize >= 200; the device has 100 (from --capability)',
    );
    const io = memoryIo(dir);
    expect(await runCli(['run', '.', '--no-report', '--capability', 'maxFramSize=1'], io)).toBe(2);
    expect(io.stderr.text).toContain(
      '--capability: unknown key maxFramSize (did you mean maxFrameSize?)',
    );
  });
});
