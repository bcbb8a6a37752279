import { traceByScenario } from '../../src/report/scenario-trace.js';
import { HOSTILE, sampleReport, sampleTrace } from './sample-run.js';

describe('traceByScenario', () => {
  const trace = sampleTrace();
  const report = sampleReport(trace);
  const groups = traceByScenario(report, trace);

  it('gives each scenario its own frames, repeats split by time', () => {
    expect(groups.map((g) => g.length)).toEqual([2, 2, 2, 6, 7, 0]);
    expect(groups[1]!.every((r) => r.time < Date.parse(report.scenarios[2]!.startedAt))).toBe(true);
    expect(groups[2]!.every((r) => r.time >= Date.parse(report.scenarios[2]!.startedAt))).toBe(
      true,
    );
    expect(groups[3]!.every((r) => r.scenario === HOSTILE)).toBe(true);
  });

  it('keeps only the links of the scenario and sorts by time', () => {
    const other = { ...report.scenarios[4]!, links: ['client#3 tcp://127.0.0.1:4000'] };
    const [only] = traceByScenario({ ...report, scenarios: [other] }, [...trace].reverse());
    expect(only!.map((r) => r.link)).toEqual(Array(5).fill('client#3 tcp://127.0.0.1:4000'));
    expect(only!.map((r) => r.seq)).toEqual([14, 15, 16, 17, 18]);
  });
});
