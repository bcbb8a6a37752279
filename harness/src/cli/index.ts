export type { CliIo, CliOutput } from './cli-io.js';
export { ExitStatus } from './exit-status.js';
export { createProgram, exitStatusForError, runCli } from './run-cli.js';
export { UsageError } from './usage-error.js';
