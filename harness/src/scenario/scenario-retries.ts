import type { ScenarioResult } from '../report/run-report.js';

/**
 * Runs a scenario, and again after a failure, up to `retries` more times (same target). A
 * scenario that passes on a retry is FLAKY, not passed: the report keeps every earlier attempt
 * (its steps, failure and trace links) under `attempts`, so a flaky board stays visible.
 */
export async function runWithRetries(
  attempt: (number: number) => Promise<ScenarioResult>,
  retries: number,
  signal: AbortSignal,
): Promise<ScenarioResult> {
  const attempts: ScenarioResult[] = [];
  let result = await attempt(1);
  while (result.verdict === 'failed' && attempts.length < retries && !signal.aborted) {
    attempts.push(result);
    result = await attempt(attempts.length + 1);
  }
  if (attempts.length === 0) return result;
  return { ...result, verdict: result.verdict === 'passed' ? 'flaky' : result.verdict, attempts };
}
