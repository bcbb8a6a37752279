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

/**
 * Shows a run as it goes. On a terminal, one status line (scenario, step, counts) is redrawn
 * in place and each finished scenario leaves one line; elsewhere (CI logs) plain lines only.
 * Failures are printed in full as they happen.
 */
export class ProgressDisplay implements SuiteEvents {
  private passed = 0;
  private failed = 0;
  private skipped = 0;
  private total = 0;
  private done = 0;
  private current = '';
  private statusShown = false;

  constructor(
    private readonly out: CliOutput,
    private readonly verbose: boolean,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  runStarted(info: { runId: string; total: number; target: RunningTarget | undefined }): void {
    this.total = info.total;
    const where =
      info.target === undefined ? 'no target' : `${info.target.name} at ${info.target.endpoint}`;
    this.print(`run ${info.runId}: ${info.total} scenario run(s) against ${where}`);
  }

  scenarioStarted(plan: ScenarioPlan, iteration: number): void {
    this.current = iteration > 1 ? `${plan.name} #${iteration}` : plan.name;
    this.status(`${this.current}`);
  }

  stepStarted(_plan: ScenarioPlan, title: string): void {
    this.status(`${this.current} > ${title}`);
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
    this.done++;
    const name = result.iteration > 1 ? `${result.name} #${result.iteration}` : result.name;
    if (result.verdict === 'passed') {
      this.passed++;
      this.print(`${this.tty ? '\u2713' : 'PASS'} ${name} (${ms(result.durationMs)})`);
    } else if (result.verdict === 'skipped') {
      this.skipped++;
      this.print(`${this.tty ? '-' : 'SKIP'} ${name}: ${result.steps[0]?.message ?? 'skipped'}`);
    } else {
      this.failed++;
      this.print(failureText(result).trimEnd());
    }
  }

  /** Ends the display with the totals. */
  finish(durationMs: number): void {
    this.clearStatus();
    this.out.write(
      `${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped (${this.done} of ${this.total}) in ${ms(durationMs)}\n`,
    );
  }

  /** A line for people that must not be mixed into the status line (logs, notices). */
  print(line: string): void {
    this.clearStatus();
    this.out.write(`${line}\n`);
    if (this.tty && this.current !== '' && this.done < this.total) this.status(this.current);
  }

  private counts(): string {
    return `[${this.done}/${this.total} \u2713${this.passed} \u2717${this.failed}]`;
  }

  private status(text: string): void {
    if (!this.tty) return;
    const columns = this.out.columns ?? 100;
    const line = `${this.counts()} ${text}`;
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
