import type { ScenarioResult, StepResult } from '../report/run-report.js';
import type { ScenarioPlan } from '../scenario/scenario-plan.js';
import type { SuiteEvents } from '../scenario/scenario-suite.js';
import type { RunningTarget } from '../targets/target-provider.js';
import type { CliOutput } from './cli-io.js';
import { failureText } from './failure-text.js';

const CLEAR_LINE = '\r\u001b[2K';

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** One target's progress (the run's only one, or one column of a matrix run). */
interface TargetProgress {
  label: string;
  total: number;
  done: number;
  current: string;
}

/**
 * Shows a run as it goes. On a terminal, one status line (done/total per target, the current
 * scenario of each, elapsed time) is redrawn in place and each finished scenario leaves one
 * line; elsewhere (CI logs, --no-progress) plain lines only. Failures are printed in full as
 * they happen. In a run of several targets every line names its target.
 */
export class ProgressDisplay implements SuiteEvents {
  private passed = 0;
  private failed = 0;
  private skipped = 0;
  private flaky = 0;
  private readonly targets = new Map<string, TargetProgress>();
  private statusShown = false;
  private readonly startedAt = performance.now();
  private readonly live: boolean;

  constructor(
    private readonly out: CliOutput,
    private readonly verbose: boolean,
    options: { progress?: boolean } = {},
  ) {
    this.live = out.isTTY === true && options.progress !== false;
  }

  /** Events of one target of a run of several: lines carry `[label]`. */
  forTarget(label: string): SuiteEvents {
    return {
      runStarted: (info) => this.started(label, info, `[${label}] `),
      scenarioStarted: (plan, iteration) => this.scenarioBegins(label, plan, iteration),
      stepStarted: (_plan, title) => this.stepBegins(label, title),
      stepFinished: (plan, result) => this.stepFinished(plan, result),
      scenarioFinished: (result) => this.finished(label, result, `[${label}] `),
    };
  }

  runStarted(info: { runId: string; total: number; target: RunningTarget | undefined }): void {
    this.started('', info, '');
  }

  scenarioStarted(plan: ScenarioPlan, iteration: number): void {
    this.scenarioBegins('', plan, iteration);
  }

  stepStarted(_plan: ScenarioPlan, title: string): void {
    this.stepBegins('', title);
  }

  stepFinished(_plan: ScenarioPlan, result: StepResult): void {
    if (this.verbose) {
      const latency = result.latencyMs === undefined ? '' : ` (${result.latencyMs.toFixed(2)} ms)`;
      this.print(
        `    ${result.verdict === 'passed' ? 'ok  ' : result.verdict === 'failed' ? 'FAIL' : 'skip'} ${result.title}${latency}`,
      );
    }
  }

  scenarioFinished(result: ScenarioResult): void {
    this.finished('', result, '');
  }

  /** Ends the display with the totals. */
  finish(durationMs: number): void {
    this.clearStatus();
    const done = [...this.targets.values()].reduce((sum, target) => sum + target.done, 0);
    const total = [...this.targets.values()].reduce((sum, target) => sum + target.total, 0);
    const flaky = this.flaky > 0 ? `, ${this.flaky} flaky` : '';
    this.out.write(
      `${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped${flaky} (${done} of ${total}) in ${ms(durationMs)}\n`,
    );
  }

  /** A line for people that must not be mixed into the status line (logs, notices). */
  print(line: string): void {
    this.clearStatus();
    this.out.write(`${line}\n`);
    this.status();
  }

  private progressOf(label: string): TargetProgress {
    let progress = this.targets.get(label);
    if (progress === undefined) {
      progress = { label, total: 0, done: 0, current: '' };
      this.targets.set(label, progress);
    }
    return progress;
  }

  private started(
    label: string,
    info: { runId: string; total: number; target: RunningTarget | undefined },
    prefix: string,
  ): void {
    this.progressOf(label).total = info.total;
    const where =
      info.target === undefined ? 'no target' : `${info.target.name} at ${info.target.endpoint}`;
    this.print(`${prefix}run ${info.runId}: ${info.total} scenario run(s) against ${where}`);
  }

  private scenarioBegins(label: string, plan: ScenarioPlan, iteration: number): void {
    this.progressOf(label).current = iteration > 1 ? `${plan.name} #${iteration}` : plan.name;
    this.status();
  }

  private stepBegins(label: string, title: string): void {
    const progress = this.progressOf(label);
    progress.current = `${progress.current.split(' > ')[0] ?? ''} > ${title}`;
    this.status();
  }

  private finished(label: string, result: ScenarioResult, prefix: string): void {
    const progress = this.progressOf(label);
    progress.done++;
    progress.current = '';
    const name = result.iteration > 1 ? `${result.name} #${result.iteration}` : result.name;
    const verdict = result.verdict;
    if (verdict === 'passed') {
      this.passed++;
      this.print(`${prefix}${this.live ? '\u2713' : 'PASS'} ${name} (${ms(result.durationMs)})`);
    } else if (verdict === 'flaky') {
      this.flaky++;
      this.print(`${prefix}FLAKY ${name}: passed on attempt ${(result.attempts?.length ?? 0) + 1}`);
    } else if (verdict === 'skipped') {
      this.skipped++;
      this.print(
        `${prefix}${this.live ? '-' : 'SKIP'} ${name}: ${result.steps[0]?.message ?? 'skipped'}`,
      );
    } else {
      this.failed++;
      const text = failureText(result).trimEnd();
      this.print(prefix === '' ? text : `${prefix}${text}`);
    }
  }

  private status(): void {
    if (!this.live) return;
    const running = [...this.targets.values()];
    if (running.every((target) => target.done >= target.total)) return;
    const elapsed = ((performance.now() - this.startedAt) / 1000).toFixed(0);
    const parts = running.map((target) => {
      const name = target.label === '' ? '' : `${target.label} `;
      const current = target.current === '' ? '' : ` ${target.current}`;
      return `${name}${target.done}/${target.total}${current}`;
    });
    const line = `[\u2713${this.passed} \u2717${this.failed} ${elapsed}s] ${parts.join(' | ')}`;
    const columns = this.out.columns ?? 100;
    this.out.write(
      `${CLEAR_LINE}${line.length > columns - 1 ? `${line.slice(0, columns - 2)}\u2026` : line}`,
    );
    this.statusShown = true;
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.out.write(CLEAR_LINE);
    this.statusShown = false;
  }
}
