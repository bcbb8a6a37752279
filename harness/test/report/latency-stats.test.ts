import { latencyTable, percentile } from '../../src/report/latency-stats.js';
import type { RunReport, StepResult } from '../../src/report/run-report.js';
import { sampleReport } from './sample-run.js';

function reportWith(steps: StepResult[]): RunReport {
  const base = sampleReport();
  const first = base.scenarios[0]!;
  return { ...base, scenarios: [{ ...first, steps }] };
}

const step = (kind: string, title: string, latencyMs?: number): StepResult => ({
  index: 0,
  kind,
  title,
  verdict: 'passed',
  startMs: 0,
  durationMs: 1,
  ...(latencyMs === undefined ? {} : { latencyMs }),
});

describe('latency table', () => {
  it('uses the nearest-rank percentile', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2], 50)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('groups by step kind and the path in the title, over all scenarios', () => {
    const rows = latencyTable(sampleReport());
    expect(rows).toEqual([
      { kind: 'ping', path: '', count: 2, minMs: 0.6, p50Ms: 0.6, p99Ms: 1, maxMs: 1 },
      { kind: 'request', path: '/calc/multiply', count: 2, minMs: 2, p50Ms: 2, p99Ms: 4, maxMs: 4 },
      { kind: 'request', path: '/sys/reboot', count: 1, minMs: 1, p50Ms: 1, p99Ms: 1, maxMs: 1 },
      { kind: 'request', path: '/test/fail', count: 1, minMs: 1, p50Ms: 1, p99Ms: 1, maxMs: 1 },
      {
        kind: 'subscribe',
        path: '/sensors/temp',
        count: 1,
        minMs: 1.1,
        p50Ms: 1.1,
        p99Ms: 1.1,
        maxMs: 1.1,
      },
    ]);
  });

  it('ignores steps without a finite latency and sorts values', () => {
    const rows = latencyTable(
      reportWith([
        step('request', '/echo 3 bytes', 9),
        step('request', 'echo to /echo', 1),
        step('request', '/echo', 5),
        step('request', '/echo', Number.NaN),
        step('wait', 'wait 10 ms'),
      ]),
    );
    expect(rows).toEqual([
      { kind: 'request', path: '/echo', count: 3, minMs: 1, p50Ms: 5, p99Ms: 9, maxMs: 9 },
    ]);
  });

  it("prefers the step's own path to the title", () => {
    const rows = latencyTable(
      reportWith([
        { ...step('request', 'one byte', 3), path: '/echo' },
        step('request', 'request /echo', 1),
        { ...step('subscribe', 'warm readings', 2), path: '0x0b7bf1b0' },
      ]),
    );
    expect(rows.map((r) => [r.kind, r.path, r.count])).toEqual([
      ['request', '/echo', 2],
      ['subscribe', '0x0b7bf1b0', 1],
    ]);
  });
});
