import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { renderComparisonHtml } from '../report/comparison-html.js';
import { renderComparisonText } from '../report/comparison-text.js';
import { readRunReport, ReportFileError } from '../report/report-file.js';
import { compareReports } from '../report/report-comparison.js';
import type { CommandContext } from './command-context.js';
import { ExitStatus } from './exit-status.js';
import { durationOption, validateOptions } from './option-schemas.js';
import { UsageError } from './usage-error.js';

const CompareOptions = z.strictObject({
  latencyTolerance: z
    .string()
    .regex(/^\d+(?:\.\d+)?%$/, 'expected a percentage, e.g. 25%')
    .transform((text) => Number(text.slice(0, -1)) / 100),
  latencyFloor: durationOption,
  html: z.string().min(1).optional(),
});

/** `nanorpc-hil compare OLD NEW`: what changed between two runs; exit 1 on a regression. */
export function registerCompareCommand(program: Command, context: CommandContext): void {
  program
    .command('compare')
    .description('compare two runs (e.g. two firmware versions): verdict changes, latency p50/p99')
    .argument('<old>', 'run folder, reports folder (its latest run) or report.json')
    .argument('<new>', 'the same, of the newer run')
    .option('--latency-tolerance <percent>', 'a p50/p99 rise above this is a regression', '25%')
    .option('--latency-floor <duration>', '...if it is also more than this', '1ms')
    .option('--html <file>', 'also write the comparison as an HTML page')
    .addHelpText(
      'after',
      `
A regression: a scenario that fails now and did not before, or a p50/p99 round trip of a step
kind (per target) that grew more than the tolerance and the floor. Exit status: 0 none, 1 a
regression, 2 bad input.

Example:
  $ nanorpc-hil compare reports-v1.2/latest reports/latest --latency-tolerance 20% --html diff.html
`,
    )
    .action(async (oldRun: string, newRun: string, raw: Record<string, unknown>) => {
      const options = validateOptions(CompareOptions, raw);
      const { io } = context;
      const read = (location: string) =>
        readRunReport(path.resolve(io.cwd, location)).catch((error: unknown) => {
          if (error instanceof ReportFileError) throw new UsageError(`compare: ${error.message}`);
          throw error;
        });
      const [before, after] = [await read(oldRun), await read(newRun)];
      const comparison = compareReports(before.report, after.report, {
        fraction: options.latencyTolerance,
        floorMs: options.latencyFloor,
      });
      io.stdout.write(renderComparisonText(comparison));
      if (options.html !== undefined)
        await writeFile(
          path.resolve(io.cwd, options.html),
          renderComparisonHtml(comparison),
          'utf8',
        );
      context.setExitStatus(comparison.regressions > 0 ? ExitStatus.Failed : ExitStatus.Ok);
    });
}
