/**
 * The report model: what a run produced, shared by the scenario engine (which fills it) and the
 * report writers (which render it). Plain JSON-friendly data, so report.json is this, verbatim.
 */
import type { DeviceCapabilities } from './device-capabilities-record.js';

/** `flaky`: a scenario that failed, then passed on a retry (--retries); steps never are. */
export type Verdict = 'passed' | 'failed' | 'skipped' | 'flaky';

export interface StepResult {
  index: number;
  kind: string;
  title: string;
  verdict: Verdict;
  /** Since scenario start. */
  startMs: number;
  durationMs: number;
  message?: string;
  expected?: unknown;
  received?: unknown;
  /** Round trip of the exchange, when the step is one. */
  latencyMs?: number;
  /**
   * The path the exchange used (e.g. /calc/multiply or 0x1234abcd), when the step is one: the
   * latency table groups by kind and path. When absent, the first /path in the title is used.
   */
  path?: string;
}

export interface ScenarioResult {
  name: string;
  file: string;
  tags: string[];
  /** Which repetition this is, under --repeat. */
  iteration: number;
  verdict: Verdict;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  steps: StepResult[];
  failure?: {
    step: number;
    message: string;
    expected?: unknown;
    received?: unknown;
    lastFrames: TraceRecord[];
  };
  /** Trace link ids of this scenario. */
  links: string[];
  /** The target's label, when the run had several (a matrix run). */
  target?: string;
  /** Earlier attempts under --retries (each failed), oldest first; this result is the last. */
  attempts?: ScenarioResult[];
}

export interface TraceRecord {
  seq: number;
  /** ms since epoch, fractional. */
  time: number;
  scenario: string;
  link: string;
  role: 'client' | 'server';
  direction: 'tx' | 'rx';
  kind: 'frame' | 'body' | 'raw' | 'error';
  /** The target's label, when the run had several. */
  target?: string;
  hex: string;
  /** Envelope fields, data as hex. */
  decoded?: Record<string, unknown>;
  note?: string;
}

/** A target of the run and what the run learnt of its device. */
export interface TargetInfo {
  name: string;
  /** Its name in this run (a targets-file name, or name#2 for a second --target name). */
  label?: string;
  /** Why it stopped before its scenarios were done (did not start, stopped answering). */
  error?: string;
  endpoint: string;
  /** SysInfo.firmware_version, when the device serves /sys/info. */
  firmwareVersion?: string;
  /** What `requires:` was checked against (see scenario/device-capabilities.ts). */
  capabilities?: DeviceCapabilities;
}

export interface RunReport {
  tool: { name: string; version: string };
  runId: string;
  startedAt: string;
  durationMs: number;
  /** The first target (every target is in `targets`). */
  target: TargetInfo;
  /** Every target of the run, in the order given. */
  targets?: TargetInfo[];
  totals: { scenarios: number; passed: number; failed: number; skipped: number; flaky?: number };
  /** The whole suite before --shard took its slice: merge-reports refuses different suites. */
  suite?: { id: string; scenarios: number };
  /** --shard i/n of this run. */
  shard?: { index: number; count: number };
  scenarios: ScenarioResult[];
}
