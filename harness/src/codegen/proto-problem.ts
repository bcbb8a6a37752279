import { NanoRpcError } from '@nanorpc-sim/core';

/** One mistake in a .proto that stops generation, located for the user's editor. */
export interface ProtoProblem {
  /** The file as the user named it (or the imported file the problem is in). */
  file: string;
  /** 1-based; undefined when the text gives no place (e.g. a file without any service). */
  line: number | undefined;
  /** `Service.Method` when the problem belongs to an rpc. */
  method: string | undefined;
  message: string;
}

/** `file:line: rpc Service.Method: message`, the form compilers use, so editors can jump to it. */
export function formatProblem(problem: ProtoProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const method = problem.method === undefined ? '' : ` rpc ${problem.method}:`;
  return `${where}:${method} ${problem.message}`;
}

/**
 * The .proto cannot be generated from; carries every problem found, not just the first, so one
 * run shows the user all there is to fix. Its code makes the command exit 2 (bad input).
 */
export class ProtoGenerationError extends NanoRpcError {
  declare readonly code: 'ERR_USAGE';
  readonly problems: readonly ProtoProblem[];

  constructor(problems: readonly ProtoProblem[]) {
    super('ERR_USAGE', problems.map(formatProblem).join('\n'));
    this.problems = problems;
  }
}
