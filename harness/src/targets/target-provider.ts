import type { TransportKind } from '@nanorpc-sim/core';

/** What a target provider gets when a run starts. */
export interface TargetStartOptions {
  /** The run's working directory (relative paths in settings start here). */
  cwd: string;
  /** Fault specs from --fault (only for a provider that accepts faults). */
  faults: readonly string[];
  /** Provider settings from --target-option key=value (e.g. binary=..., machine=...). */
  settings: Readonly<Record<string, string>>;
  /** Progress and diagnostics for people (printed with --verbose). */
  log(line: string): void;
  /** Aborted when the run is interrupted. */
  signal: AbortSignal;
}

/** A started target: where the device answers, and how to restart it. */
export interface RunningTarget {
  /** The provider's name (reports, `targets:` in scenario files). */
  readonly name: string;
  /** What the harness client connects to, e.g. tcp://127.0.0.1:41234 or serial:///dev/pts/4. */
  readonly endpoint: string;
  /** The endpoint's transport kind (`targets:` in a scenario may name it). */
  readonly transportKind: TransportKind;
  /**
   * Restarts the device by the target's own means (emulator control, restarting a process,
   * QEMU's system reset), for `reboot: { method: target }` and `auto`. Resolves once the
   * restart is under way; the step then waits for the device to answer again.
   */
  reset?(): Promise<void>;
  /** Stops what start() started; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * A named built-in target (`--target emulator`). Each provider lives in its own file in
 * targets/ and is listed in built-in-targets.ts.
 */
export interface TargetProvider {
  readonly name: string;
  /** One line for `nanorpc-hil run --help` and error messages. */
  readonly description: string;
  /**
   * Whether it injects --fault specs itself (the emulators do). Any other target gets them
   * through the fault proxy in front of its link (fault-proxy.ts; link faults only).
   */
  readonly acceptsFaults: boolean;
  /**
   * The --target-option keys it reads, each with one line for `run --help`; other keys are
   * refused before the target starts. Undefined: the provider does not say (nothing refused).
   */
  readonly settings?: Readonly<Record<string, string>>;
  start(options: TargetStartOptions): Promise<RunningTarget>;
}
