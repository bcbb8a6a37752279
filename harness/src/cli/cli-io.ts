/** Where a command writes and what it may look at; injected so tests run the CLI in-process. */
export interface CliOutput {
  write(text: string): unknown;
  /** True on a terminal: progress redraws a status line instead of printing plain lines. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Relative paths (scenario files, reports/) resolve against it. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM: long-running commands (emulator, subscribe) stop cleanly. */
  signal: AbortSignal;
}
