import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ExitStatus } from '../../src/cli/exit-status.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { RunReport } from '../../src/report/run-report.js';
import { filterByTags, loadScenarioSet } from '../../src/scenario/scenario-set.js';
import { runSuite, type SuiteOutcome } from '../../src/scenario/scenario-suite.js';
import { TargetRegistry } from '../../src/targets/target-registry.js';
import { memoryIo } from '../cli/memory-io.js';
import { describeResult, REPO_ROOT } from '../support/scenario-on-target.js';

/**
 * The skip reasons a whole-suite run may give: a scenario's own `targets:` list or
 * `requires.transport` (stream-only cases on a serial line), or a frame larger than the
 * device's (the firmware's 256 bytes, learnt from /sys/info). Nothing is left out by tag.
 */
export const EXPECTED_SKIP =
  /^(target \S+ \(\w+\) is not in targets: \[.*\]|requires transport stream; target \S+ is serial \(serial\)|requires maxFrameSize >= \d+; the device has 256 \(from \/sys\/info\))$/;

export interface SuiteRun {
  outcome: SuiteOutcome;
  /** Files of the scenarios left out by the excluded tags. */
  excluded: string[];
  /** Scenarios selected (after the exclusion). */
  selected: number;
}

/** The whole scenarios/ suite, minus the excluded tags, through the engine's runSuite. */
export async function runWholeSuite(
  targetName: string,
  excludedTags: readonly string[] = [],
): Promise<SuiteRun> {
  const all = await loadScenarioSet(['scenarios'], REPO_ROOT);
  const plans = filterByTags(all, [], excludedTags);
  const kept = new Set(plans);
  const provider = TargetRegistry.builtIn().resolve(targetName);
  const outcome = await runSuite({
    plans,
    target: provider,
    cwd: REPO_ROOT,
    tool: { name: 'nanorpc-hil', version: 'test' },
  });
  return {
    outcome,
    excluded: all.filter((plan) => !kept.has(plan)).map((plan) => plan.file),
    selected: plans.length,
  };
}

/** Every scenario that did not pass, with its message and last frames (for a failing expect). */
export function notPassed(report: RunReport): string[] {
  return report.scenarios.filter((s) => s.verdict !== 'passed').map(describeResult);
}

/** Skips whose reason is not one of EXPECTED_SKIP. */
export function unexpectedSkips(report: RunReport): string[] {
  return report.scenarios
    .filter((s) => s.verdict === 'skipped' && !EXPECTED_SKIP.test(s.steps[0]?.message ?? ''))
    .map(describeResult);
}

/**
 * The suite run has no failures, every scenario that did not pass was skipped for an expected
 * reason (EXPECTED_SKIP), and those skips are the few.
 */
export function expectPassedOrSkippedByTargets({ outcome, selected }: SuiteRun): void {
  expect(notPassed(outcome.report).filter((line) => !line.startsWith('  skipped'))).toEqual([]);
  expect(unexpectedSkips(outcome.report)).toEqual([]);
  const { totals } = outcome.report;
  expect(totals.scenarios).toBe(selected);
  expect(totals.failed).toBe(0);
  expect(totals.passed + totals.skipped).toBe(selected);
  expect(totals.passed).toBeGreaterThan(totals.skipped);
}

export interface CliRun {
  status: ExitStatus;
  stdout: string;
  stderr: string;
}

/** Runs the command line in the repository root, with --report into a folder removed after. */
export async function runCliWithReports(args: readonly string[]): Promise<CliRun> {
  const reports = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-cli-reports-'));
  try {
    const io = memoryIo(REPO_ROOT);
    const status = await runCli([...args, '--report', reports], io);
    return { status, stdout: io.stdout.text, stderr: io.stderr.text };
  } finally {
    await rm(reports, { recursive: true, force: true });
  }
}

/** Child processes of this process running `name` (pgrep -P; empty when none). */
export function childProcessesNamed(name: string): string[] {
  try {
    return execFileSync('pgrep', ['-a', '-P', String(process.pid), '-x', name], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((line) => line !== '');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
