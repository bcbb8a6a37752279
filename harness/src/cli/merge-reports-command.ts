import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ReportFileError, readRunReport } from '../report/report-file.js';
import { mergeReports, ReportMergeError } from '../report/report-merge.js';
import { writeReports } from '../report/write-reports.js';
import { makeRunId } from '../scenario/run-id.js';
import type { CommandContext } from './command-context.js';
import { ExitStatus } from './exit-status.js';
import { validateOptions } from './option-schemas.js';
import { UsageError } from './usage-error.js';

const MergeOptions = z.strictObject({ out: z.string().min(1) });

/** `nanorpc-hil merge-reports DIR... --out DIR`: the shards of a suite as one set of reports. */
export function registerMergeReportsCommand(program: Command, context: CommandContext): void {
  program
    .command('merge-reports')
    .description(
      "merge the report.json (and trace) of a suite's --shard runs into one set of reports",
    )
    .argument('<dirs...>', 'run folders (or report folders: their latest run is taken)')
    .requiredOption('--out <dir>', 'where the merged junit.xml, report.json, report.html, trace go')
    .addHelpText(
      'after',
      `
Refuses reports of different suites (other scenarios selected) or tool versions, and a shard
given twice. Exit status: 0 merged and all passed, 1 a scenario failed, 2 bad input.

Example:
  $ nanorpc-hil merge-reports reports/shard-1 reports/shard-2 reports/shard-3 --out reports/merged
`,
    )
    .action(async (dirs: string[], raw: Record<string, unknown>) => {
      const options = validateOptions(MergeOptions, raw);
      const { io } = context;
      try {
        const inputs = await Promise.all(
          dirs.map((dir) => readRunReport(path.resolve(io.cwd, dir))),
        );
        const merged = mergeReports(
          inputs.map((input) => ({
            ...input,
            file: path.relative(io.cwd, input.file) || input.file,
          })),
          makeRunId(new Date()),
        );
        const out = path.resolve(io.cwd, options.out);
        await writeReports(out, merged.report, merged.trace);
        const { totals } = merged.report;
        io.stdout.write(
          `merged ${inputs.length} report(s): ${totals.passed} passed, ${totals.failed} failed, ` +
            `${totals.skipped} skipped of ${totals.scenarios} -> ${path.relative(io.cwd, out) || '.'}/\n`,
        );
        context.setExitStatus(totals.failed > 0 ? ExitStatus.Failed : ExitStatus.Ok);
      } catch (error) {
        if (error instanceof ReportMergeError || error instanceof ReportFileError)
          throw new UsageError(`merge-reports: ${error.message}`, { cause: error });
        throw error;
      }
    });
}
