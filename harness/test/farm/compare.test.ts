import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import type { RunReport } from '../../src/report/run-report.js';
import { memoryIo } from '../cli/memory-io.js';

const PINGS = 'name: pings\nsteps:\n  - repeat: { times: 5, steps: [ping: {}] }\n';
const echo = (answer: string) =>
  `name: echo\nsteps:\n  - request: { path: /echo, data: { utf8: hi }, expect: { data: { utf8: ${answer} } } }\n`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-compare-'));
  await mkdir(path.join(dir, 's'));
  await writeFile(path.join(dir, 's', 'pings.yaml'), PINGS);
  await writeFile(path.join(dir, 's', 'echo.yaml'), echo('hi'));
  expect(await runCli(['run', 's', '--report', 'old'], memoryIo(dir))).toBe(0);
  // The "new firmware": slower (20 ms on every frame) and /echo no longer matches.
  await writeFile(path.join(dir, 's', 'echo.yaml'), echo('ho'));
  expect(
    await runCli(['run', 's', '--report', 'new', '--fault', 'latency=20'], memoryIo(dir)),
  ).toBe(1);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('nanorpc-hil compare OLD NEW', () => {
  it('lists verdict changes and slower step kinds as regressions (exit 1), text and HTML', async () => {
    const io = memoryIo(dir);
    const status = await runCli(
      ['compare', 'old', 'new', '--latency-tolerance', '50%', '--html', 'diff.html'],
      io,
    );
    expect(status).toBe(1);
    const out = io.stdout.text;
    expect(out).toMatch(
      /^old: \S+ · nanorpc-hil \S+ · emulator \(firmware [^)]+\) · 2 passed, 0 failed, 0 skipped$/m,
    );
    expect(out).toContain('REGRESSION [emulator] echo (s/echo.yaml): passed -> failed');
    expect(out).toMatch(/REGRESSION \[emulator\] ping p50: [\d.]+ ms -> [\d.]+ ms \(\+\d+ %\)/);
    expect(out).toMatch(/^\d+ regression\(s\)$/m);
    const html = readFileSync(path.join(dir, 'diff.html'), 'utf8');
    expect(html).toContain('<tr class="bad"><td>REGRESSION</td><td>emulator</td><td>echo</td>');
  });

  it('finds nothing between a run and itself (exit 0), and records the firmware version', async () => {
    const io = memoryIo(dir);
    expect(await runCli(['compare', 'old', 'old'], io)).toBe(0);
    expect(io.stdout.text).toContain('verdicts: no change');
    expect(io.stdout.text).toMatch(/\nno regression\n$/);
    const report = JSON.parse(
      readFileSync(path.join(dir, 'old/latest/report.json'), 'utf8'),
    ) as RunReport;
    expect(report.target.firmwareVersion).toMatch(/\S/);
  });

  it('refuses a bad tolerance or a folder without a report (exit 2)', async () => {
    const bad = memoryIo(dir);
    expect(await runCli(['compare', 'old', 'new', '--latency-tolerance', '20'], bad)).toBe(2);
    expect(bad.stderr.text).toContain('--latency-tolerance: expected a percentage, e.g. 25%');
    const missing = memoryIo(dir);
    expect(await runCli(['compare', 'old', 'nowhere'], missing)).toBe(2);
    expect(missing.stderr.text).toContain('compare: ');
  });
});
