import type { CliIo } from './cli-io.js';
import type { ExitStatus } from './exit-status.js';

/** What every command receives: the injected I/O and a way to set the exit status. */
export interface CommandContext {
  readonly io: CliIo;
  setExitStatus(status: ExitStatus): void;
}
