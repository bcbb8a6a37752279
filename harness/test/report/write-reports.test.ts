import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReports } from '../../src/report/write-reports.js';
import { sampleReport, sampleTrace } from './sample-run.js';
import { parseXml } from './xml-check.js';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import xml.dom.minidom'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('writeReports', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nanorpc-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the four files into a new folder and returns their paths', async () => {
    const trace = sampleTrace();
    const report = sampleReport(trace);
    const target = join(dir, 'run', 'nested');
    const files = await writeReports(target, report, trace);
    expect(files).toEqual({
      junit: join(target, 'junit.xml'),
      json: join(target, 'report.json'),
      trace: join(target, 'trace.jsonl'),
      html: join(target, 'report.html'),
    });

    const json = JSON.parse(await readFile(files.json, 'utf8')) as typeof report;
    expect(json.runId).toBe(report.runId);
    expect(json.totals).toEqual(report.totals);
    expect(json.scenarios.map((s) => s.name)).toEqual(report.scenarios.map((s) => s.name));
    // bigints and bytes in expected/received survive as strings and hex
    expect(json.scenarios[3]!.steps[1]!.expected).toEqual({ status: 'STATUS_OK', product: '42' });
    expect(json.scenarios[3]!.steps[1]!.received).toEqual({
      status: 'STATUS_INTERNAL_ERROR',
      data: { hex: '0102ab' },
    });
    expect(json.scenarios[3]!.failure!.lastFrames).toEqual(
      report.scenarios[3]!.failure!.lastFrames,
    );

    const lines = (await readFile(files.trace, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(trace);

    const xml = await readFile(files.junit, 'utf8');
    expect(parseXml(xml).name).toBe('testsuites');
    const html = await readFile(files.html, 'utf8');
    expect(html).toContain('<!DOCTYPE html>');
  });

  it('writes a junit.xml that a real XML parser (Python expat) accepts', async () => {
    if (!hasPython()) {
      console.warn('python3 not found: skipping the cross-check of junit.xml with expat');
      return;
    }
    const trace = sampleTrace();
    const files = await writeReports(join(dir, 'expat'), sampleReport(trace), trace);
    const script =
      'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); ' +
      "print(len(d.getElementsByTagName('testcase')), len(d.getElementsByTagName('failure')))";
    expect(execFileSync('python3', ['-c', script, files.junit], { encoding: 'utf8' }).trim()).toBe(
      '6 1',
    );
  });

  it('writes empty documents for an empty run', async () => {
    const report = {
      ...sampleReport([]),
      scenarios: [],
      totals: { scenarios: 0, passed: 0, failed: 0, skipped: 0 },
    };
    const files = await writeReports(join(dir, 'empty'), report, []);
    expect(await readFile(files.trace, 'utf8')).toBe('');
    const root = parseXml(await readFile(files.junit, 'utf8'));
    expect(root.children[0]?.attributes['tests']).toBe('0');
    expect(await readFile(files.html, 'utf8')).toContain('No step measured a round trip.');
  });
});
