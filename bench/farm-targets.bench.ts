import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './measure.js';
import { loadScenarioSet } from '../harness/src/scenario/scenario-set.js';
import { runMatrix, type MatrixTarget } from '../harness/src/scenario/target-matrix.js';
import { emulatorTarget } from '../harness/src/targets/emulator.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The whole scenarios/ suite on `count` emulator instances at once; wall time in ms. */
async function suiteOn(count: number): Promise<{ ms: number; scenarios: number; failed: number }> {
  const plans = await loadScenarioSet(['scenarios'], ROOT);
  const targets: MatrixTarget[] = Array.from({ length: count }, (_, index) => ({
    label: `emulator#${index + 1}`,
    provider: emulatorTarget,
    settings: {},
    faults: [],
  }));
  const started = performance.now();
  const outcome = await runMatrix({
    plans,
    targets,
    cwd: ROOT,
    tool: { name: 'nanorpc-hil', version: 'bench' },
  });
  const { totals } = outcome.report;
  return { ms: performance.now() - started, scenarios: totals.scenarios, failed: totals.failed };
}

/**
 * Wall time of one suite on 1 vs 4 emulator targets at once (each target its own sequence).
 * Scenarios mostly wait (timeouts, quiet periods), so 4 targets should cost far less than 4x.
 */
export async function farmTargetsBenchmark(): Promise<BenchRow[]> {
  const one = await suiteOn(1);
  const four = await suiteOn(4);
  const detail = (run: { scenarios: number; failed: number }): string =>
    `${run.scenarios} scenario runs, ${run.failed} failed`;
  return [
    { name: 'suite on 1 emulator target', value: one.ms, unit: 'ms', detail: detail(one) },
    {
      name: 'suite on 4 emulator targets at once',
      value: four.ms,
      unit: 'ms',
      detail: detail(four),
    },
    {
      name: 'suite wall time, 4 targets / 1 target',
      value: four.ms / one.ms,
      unit: 'ratio',
      detail: '4.0 would mean no overlap at all',
    },
  ];
}
