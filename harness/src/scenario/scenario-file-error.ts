import { NanoRpcError } from '@nanorpc-sim/core';

/** One problem in a scenario file, located for people: file:line:column and the field. */
export interface ScenarioFileIssue {
  file: string;
  /** 1-based; 0 when the problem is the file as a whole (unreadable). */
  line: number;
  column: number;
  /** The field as a path, e.g. steps[2].request.expect.status; empty for the whole file. */
  field: string;
  message: string;
}

export function formatIssue(issue: ScenarioFileIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.field === ''
    ? `${where}: ${issue.message}`
    : `${where}: ${issue.field}: ${issue.message}`;
}

/** A scenario file that cannot be read, parsed or validated: the run exits with status 2. */
export class ScenarioFileError extends NanoRpcError {
  declare readonly code: 'ERR_SCENARIO_FILE';
  readonly issues: ScenarioFileIssue[];

  constructor(issues: ScenarioFileIssue[], options?: ErrorOptions) {
    const shown = issues.slice(0, 8).map(formatIssue);
    if (issues.length > shown.length) shown.push(`... and ${issues.length - shown.length} more`);
    super('ERR_SCENARIO_FILE', shown.join('\n'), options);
    this.issues = issues;
  }

  /** The first issue (there is always one). */
  get first(): ScenarioFileIssue {
    return this.issues[0] as ScenarioFileIssue;
  }
}
