import type { RunReport, ScenarioResult, TraceRecord } from './run-report.js';

/*
 * Which trace records belong to which scenario result. A record names its scenario and link;
 * under --repeat several results share a name (and link ids may repeat), so a record whose
 * name and link fit several results goes to the one whose run time is nearest to it.
 */

function fits(scenario: ScenarioResult, record: TraceRecord): boolean {
  if (record.scenario !== scenario.name || record.target !== scenario.target) return false;
  return scenario.links.length === 0 || scenario.links.includes(record.link);
}

/** Distance in ms from `time` to the scenario's [start, end] window (0 inside it). */
function distance(scenario: ScenarioResult, time: number): number {
  const start = Date.parse(scenario.startedAt);
  if (Number.isNaN(start)) return Number.POSITIVE_INFINITY;
  const end = start + scenario.durationMs;
  if (time < start) return start - time;
  if (time > end) return time - end;
  return 0;
}

/** Records of each scenario result (same order as `report.scenarios`), sorted by time then seq. */
export function traceByScenario(report: RunReport, trace: TraceRecord[]): TraceRecord[][] {
  const groups: TraceRecord[][] = report.scenarios.map(() => []);
  for (const record of trace) {
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    report.scenarios.forEach((scenario, index) => {
      if (!fits(scenario, record)) return;
      const d = distance(scenario, record.time);
      if (best < 0 || d < bestDistance) {
        best = index;
        bestDistance = d;
      }
    });
    if (best >= 0) groups[best]?.push(record);
  }
  for (const group of groups) group.sort((a, b) => a.time - b.time || a.seq - b.seq);
  return groups;
}
