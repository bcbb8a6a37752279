import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import type { RunReport } from '../../src/report/run-report.js';
import { memoryIo } from '../cli/memory-io.js';

/** Fails on a fresh emulator (the toggle turns the LED on), passes on the retry (off again). */
const FLAKY = `name: toggles to off
proto: demo_device.proto
steps:
  - request:
      path: /gpio/led
      data: { json: { action: ACTION_TOGGLE } }
      expect: { data: { json: { on: false }, match: exact } }
`;
const BROKEN = `name: always wrong
steps:
  - request: { path: /echo, data: { utf8: a }, expect: { data: { utf8: b } } }
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-retries-'));
  await writeFile(path.join(dir, 'flaky.yaml'), FLAKY);
  await writeFile(path.join(dir, 'broken.yaml'), BROKEN);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--retries', () => {
  it('marks a scenario that passes on a retry FLAKY, keeps every attempt, and writes Surefire JUnit', async () => {
    const io = memoryIo(dir);
    const status = await runCli(['run', '.', '--retries', '2', '--report', 'out'], io);
    expect(status).toBe(1); // "always wrong" fails all three attempts
    expect(io.stdout.text).toContain('FLAKY toggles to off: passed on attempt 2');
    expect(io.stdout.text).toContain('0 passed, 1 failed, 0 skipped, 1 flaky (2 of 2)');
    const latest = path.join(dir, 'out', 'latest');
    const report = JSON.parse(readFileSync(path.join(latest, 'report.json'), 'utf8')) as RunReport;
    expect(report.totals).toEqual({ scenarios: 2, passed: 0, failed: 1, skipped: 0, flaky: 1 });
    const flaky = report.scenarios.find((s) => s.name === 'toggles to off');
    expect(flaky?.verdict).toBe('flaky');
    expect(flaky?.attempts?.map((a) => a.verdict)).toEqual(['failed']);
    const broken = report.scenarios.find((s) => s.name === 'always wrong');
    expect(broken?.attempts).toHaveLength(2);
    // Every attempt's frames are in the trace: 3 requests of "always wrong", 2 toggles.
    const trace = readFileSync(path.join(latest, 'trace.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { scenario: string; direction: string; kind: string });
    const sent = (name: string) =>
      trace.filter((r) => r.scenario === name && r.direction === 'tx' && r.kind === 'frame').length;
    expect(sent('always wrong')).toBe(3);
    expect(sent('toggles to off')).toBe(2);
    const junit = readFileSync(path.join(latest, 'junit.xml'), 'utf8');
    const flakyCase = /<testcase name="toggles to off"[\s\S]*?<\/testcase>/.exec(junit)?.[0] ?? '';
    expect(flakyCase).toMatch(
      /<flakyFailure message="[^"]*on[^"]*" type="step request"><stackTrace>/,
    );
    expect(flakyCase).not.toContain('<failure');
    const brokenCase = /<testcase name="always wrong"[\s\S]*?<\/testcase>/.exec(junit)?.[0] ?? '';
    expect(brokenCase.match(/<failure /g)).toHaveLength(1);
    expect(brokenCase.match(/<rerunFailure /g)).toHaveLength(2);
    expect(readFileSync(path.join(latest, 'report.html'), 'utf8')).toContain(
      'Attempt 1 of 2 (failed; retried)',
    );
  });

  it('is off by default: a failure is a failure', async () => {
    const io = memoryIo(dir);
    expect(await runCli(['run', 'flaky.yaml', '--no-report'], io)).toBe(1);
    expect(io.stdout.text).toContain('0 passed, 1 failed, 0 skipped (1 of 1)');
  });
});
