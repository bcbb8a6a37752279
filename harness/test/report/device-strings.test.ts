import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { runFolderName, writeRunReports } from '../../src/cli/report-output.js';
import { renderHtml } from '../../src/report/html-report.js';
import { renderJunit } from '../../src/report/junit-report.js';
import type { RunReport } from '../../src/report/run-report.js';
import { renderJson } from '../../src/report/write-reports.js';
import { sampleReport, sampleTrace } from './sample-run.js';
import { parseXml } from './xml-check.js';

/*
 * Trust boundary (docs/security.md): a device under test chooses the strings that reach the
 * reports (response messages, received values, anything a scenario echoes). Every report must
 * stay well-formed and inert whatever they hold, and --report DIR must stay inside DIR.
 */

/** Every C0 control, DEL, C1 controls, the XML non-characters, markup and a lone surrogate. */
const NASTY =
  Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('') +
  '\u007f\u0085\u009b\ufffe\uffff\ud800' +
  '<script>alert(1)</script><img src=x onerror=alert(2)>]]><!-- --> &amp; "\' </testsuite>';

/** The sample run with `text` as everything a device can say in it. */
function withDeviceText(text: string): RunReport {
  const report = sampleReport();
  const failing = report.scenarios.find((scenario) => scenario.verdict === 'failed');
  if (failing === undefined || failing.failure === undefined)
    throw new Error('sample has no failure');
  failing.failure.message = `response message: ${text}`;
  failing.failure.received = { responseMessage: text, data: { text } };
  failing.failure.expected = text;
  for (const step of failing.steps) step.message = text;
  report.target = { ...report.target, name: text };
  return report;
}

describe('device-provided strings in the reports', () => {
  test('JUnit XML stays well-formed (no character XML forbids) with controls and markup', () => {
    const xml = renderJunit(withDeviceText(NASTY));
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('</testsuite>"');
  });

  test('HTML shows them as text: no element, attribute or comment from the device', () => {
    const html = renderHtml(withDeviceText(NASTY), sampleTrace());
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('onerror=alert(2)>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('JSON round-trips them exactly', () => {
    const json = JSON.parse(renderJson(withDeviceText(NASTY))) as RunReport;
    const failing = json.scenarios.find((scenario) => scenario.verdict === 'failed');
    expect(failing?.failure?.expected).toBe(NASTY);
  });

  test('property: any string keeps JUnit well-formed and HTML free of device markup', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const report = withDeviceText(`${text}<b id="x">`);
        expect(() => parseXml(renderJunit(report))).not.toThrow();
        expect(renderHtml(report, [])).not.toContain('<b id="x">');
      }),
      { numRuns: 60 },
    );
  });
});

describe('--report DIR never writes outside DIR', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-report-root-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test.each(['../../escaped', '..', '.', '/etc/escaped', 'a/../../b', '..\\..\\win', ''])(
    'a run id %j stays one folder inside DIR',
    async (runId) => {
      const base = path.join(root, 'reports');
      const report = { ...withDeviceText('x'), runId };
      report.scenarios[0] = { ...report.scenarios[0]!, name: '../../scenario/../name' };
      const { dir, files } = await writeRunReports(base, report, sampleTrace());
      expect(path.dirname(dir)).toBe(base);
      for (const file of Object.values(files)) expect(path.dirname(file)).toBe(dir);
      // Nothing beside `reports` in the root: nothing escaped upwards.
      expect(await readdir(root)).toEqual(['reports']);
    },
  );

  test('run ids the tool makes are kept as they are', () => {
    expect(runFolderName('2026-11-25T17-30-00Z-3f9a')).toBe('2026-11-25T17-30-00Z-3f9a');
    expect(runFolderName('..')).not.toBe('..');
  });
});
