import path from 'node:path';
import { readRunReport } from '../report/report-file.js';
import { durationsOf } from '../scenario/shard-selection.js';
import { UsageError } from './usage-error.js';

/** --shard-durations: scenario durations (ms) from an earlier run's report.json. */
export async function shardDurations(file: string, cwd: string): Promise<Map<string, number>> {
  try {
    const { report } = await readRunReport(path.resolve(cwd, file));
    return durationsOf(report.scenarios.filter((scenario) => scenario.verdict !== 'skipped'));
  } catch (error) {
    throw new UsageError(`--shard-durations: ${(error as Error).message}`, { cause: error });
  }
}
