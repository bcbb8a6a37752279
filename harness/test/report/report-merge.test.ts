import { mergeReports, ReportMergeError } from '../../src/report/report-merge.js';
import { renderJunit } from '../../src/report/junit-report.js';
import type { RunReport } from '../../src/report/run-report.js';
import { traceByScenario } from '../../src/report/scenario-trace.js';
import { sampleReport, sampleTrace } from './sample-run.js';

const SUITE = { id: '0123456789abcdef', scenarios: 6 };

function shardReport(index: number, count: number, changed: Partial<RunReport> = {}): RunReport {
  return { ...sampleReport(), suite: SUITE, shard: { index, count }, ...changed };
}

const input = (file: string, report: RunReport) => ({ file, report, trace: sampleTrace() });

describe('mergeReports: inputs that are not the shards of one split', () => {
  it('refuses shards of different splits (1/2 with 2/3): scenarios would be lost or doubled', () => {
    expect(() =>
      mergeReports([input('a', shardReport(1, 2)), input('b', shardReport(2, 3))], 'run'),
    ).toThrow(ReportMergeError);
    expect(() =>
      mergeReports([input('a', shardReport(1, 2)), input('b', shardReport(2, 3))], 'run'),
    ).toThrow(/a \(shard 1\/2\).*b \(shard 2\/3\)/);
  });

  it('refuses a whole run with a shard of the same suite (its scenarios twice)', () => {
    const whole: RunReport = { ...sampleReport(), suite: SUITE };
    expect(() =>
      mergeReports([input('whole', whole), input('b', shardReport(2, 2))], 'run'),
    ).toThrow(ReportMergeError);
    expect(() =>
      mergeReports([input('b', shardReport(2, 2)), input('whole', whole)], 'run'),
    ).toThrow(ReportMergeError);
  });

  it('still merges the shards of one split', () => {
    const merged = mergeReports(
      [input('a', shardReport(1, 2)), input('b', shardReport(2, 2))],
      'run',
    );
    expect(merged.report.totals.scenarios).toBe(12);
  });
});

describe('mergeReports: shards run on different targets', () => {
  const merged = mergeReports(
    [
      input('a', shardReport(1, 2, { target: { name: 'qemu', endpoint: 'serial:///dev/pts/3' } })),
      input('b', shardReport(2, 2, { target: { name: 'firmware-host', endpoint: 'tcp://x:1' } })),
    ],
    'run',
  );

  it('lists both targets, and every scenario is in the JUnit testsuite of its target', () => {
    expect(merged.report.targets?.map((target) => target.name)).toEqual(['qemu', 'firmware-host']);
    const junit = renderJunit(merged.report);
    expect(junit.match(/<testcase /g)?.length).toBe(merged.report.totals.scenarios);
    expect(new Set(merged.report.scenarios.map((scenario) => scenario.target))).toEqual(
      new Set(['qemu', 'firmware-host']),
    );
  });

  it('keeps the trace of each scenario with it', () => {
    const groups = traceByScenario(merged.report, merged.trace);
    const index = merged.report.scenarios.findIndex(
      (result) => result.name === 'ping answers' && result.target === 'firmware-host',
    );
    expect(index).toBeGreaterThanOrEqual(0);
    expect(groups[index]?.length).toBeGreaterThan(0);
    expect(groups[index]?.every((record) => record.target === 'firmware-host')).toBe(true);
  });
});
