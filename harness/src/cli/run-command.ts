import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ENDPOINT_SETTINGS } from '../targets/endpoint.js';
import { TargetRegistry } from '../targets/target-registry.js';
import { filterByTags, loadScenarioSet } from '../scenario/scenario-set.js';
import { runSuite } from '../scenario/scenario-suite.js';
import { runMatrix } from '../scenario/target-matrix.js';
import { runTargets } from './run-targets.js';
import { readTargetsFile } from './targets-file.js';
import { selectShard, suiteId } from '../scenario/shard-selection.js';
import { shardDurations } from './shard-durations.js';
import type { CommandContext } from './command-context.js';
import { ExitStatus } from './exit-status.js';
import { fileProblem } from './file-problem.js';
import {
  collectRepeated,
  durationOption,
  nonNegativeInteger,
  positiveInteger,
  validateOptions,
} from './option-schemas.js';
import { ProgressDisplay } from './progress-display.js';
import { writeRunReports } from './report-output.js';
import { readToolInfo } from './tool-version.js';
import { CAPABILITY_KEYS } from '../scenario/device-capabilities.js';
import { capabilityOptions } from './capability-options.js';
import { UsageError } from './usage-error.js';

const RunOptions = z.strictObject({
  target: z.array(z.string().min(1)).default([]),
  targets: z.string().min(1).optional(),
  jobs: positiveInteger.optional(),
  progress: z.boolean(),
  shard: z
    .string()
    .regex(/^[1-9]\d*\/[1-9]\d*$/, 'expected i/n, e.g. 2/3')
    .transform((text) => {
      const [index, count] = text.split('/').map(Number);
      return { index: index ?? 1, count: count ?? 1 };
    })
    .refine((shard) => shard.index <= shard.count, 'the index i of i/n is at most n')
    .optional(),
  shardDurations: z.string().min(1).optional(),
  waitForPort: durationOption.optional(),
  report: z.union([z.string().min(1), z.literal(false)]),
  repeat: positiveInteger,
  filter: z.array(z.string().min(1)).default([]),
  exclude: z.array(z.string().min(1)).default([]),
  bail: z.boolean(),
  retries: nonNegativeInteger,
  stepTimeout: durationOption.optional(),
  scenarioTimeout: durationOption.optional(),
  fault: z.array(z.string()).default([]),
  targetOption: z.array(z.string().regex(/^[A-Za-z][\w-]*=/, 'expected key=value')).default([]),
  capability: z.array(z.string().regex(/^[A-Za-z]\w*=/, 'expected KEY=VALUE')).default([]),
  list: z.boolean(),
  verbose: z.boolean(),
});

/** The --target-option keys of a target, one indented line each, for the help text. */
function settingsHelp(settings: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(settings ?? {})
    .map(([key, description]) => `\n  ${''.padEnd(18)}   ${key}=: ${description}`)
    .join('');
}

/** --filter smoke,fast and --filter smoke --filter fast mean the same. */
const collectTags = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== ''),
];

export async function registerRunCommand(program: Command, context: CommandContext): Promise<void> {
  const registry = TargetRegistry.builtIn();
  const targets = registry
    .list()
    .map(
      (provider) =>
        `  ${provider.name.padEnd(18)} ${provider.description}${settingsHelp(provider.settings)}`,
    )
    .join('\n');
  program
    .command('run')
    .description('run scenario files against a target and write reports')
    .argument('[paths...]', 'scenario files or folders (default: scenarios/)')
    .option(
      '--target <name|endpoint>',
      'a built-in target or an endpoint (default emulator); repeat it to run on several at once',
      collectRepeated,
    )
    .option('--targets <file>', 'a YAML file listing boards (name, target, reset, flash, ...)')
    .option('--jobs <n>', 'how many targets run at once (default: all)')
    .option(
      '--wait-for-port <duration>',
      'a serial port in use by another run: wait up to this long (default: fail at once)',
    )
    .option('--shard <i/n>', 'run the i-th of n deterministic slices of the suite (CI jobs)')
    .option(
      '--shard-durations <report.json>',
      'balance --shard by the scenario durations of an earlier report (default: by count)',
    )
    .option('--no-progress', 'plain lines, no live progress line on a terminal')
    .option(
      '--report <dir>',
      'reports go to <dir>/<run id>/, and <dir>/latest points there',
      'reports',
    )
    .option('--no-report', 'do not write report files')
    .option('--repeat <n>', 'run each scenario n times', '1')
    .option(
      '--filter <tag>',
      'only scenarios with this tag (repeatable, or comma-separated); !tag excludes',
      collectTags,
    )
    .option('--exclude <tag>', 'leave out scenarios with this tag (repeatable)', collectTags)
    .option('--retries <n>', 'run a failed scenario again up to n times (passing then: FLAKY)', '0')
    .option('--bail', 'stop at the first failed scenario', false)
    .option(
      '--step-timeout <duration>',
      'time limit of a step unless the scenario sets one (default 10s)',
    )
    .option(
      '--scenario-timeout <duration>',
      'time limit of a scenario unless it sets one (default 60s)',
    )
    .option(
      '--fault <spec>',
      'emulator targets: inject a fault, e.g. latency=20 (repeatable)',
      collectRepeated,
    )
    .option(
      '--target-option <key=value>',
      'a setting for the target provider (repeatable)',
      collectRepeated,
    )
    .option(
      '--capability <key=value>',
      `what the device has, over /sys/info (repeatable): ${CAPABILITY_KEYS.join(', ')}`,
      collectRepeated,
    )
    .option('--list', 'list the selected scenarios and exit', false)
    .option('-v, --verbose', 'print every step and target log lines', false)
    .addHelpText(
      'after',
      `
Targets:
${targets}
  ${'<endpoint>'.padEnd(18)} a running device: tcp://host:port, unix:///path, serial:///dev/ttyACM0
${settingsHelp(ENDPOINT_SETTINGS)}

Exit status: 0 all passed, 1 a scenario failed, 2 bad input (file, endpoint, option).

Examples:
  $ nanorpc-hil run
  $ nanorpc-hil run scenarios/ --target emulator-pty --filter smoke
  $ nanorpc-hil run --target firmware-host
  $ nanorpc-hil run --target qemu --target firmware-host --jobs 2
  $ nanorpc-hil run --targets bench-boards.yaml
  $ nanorpc-hil run --target tcp://192.168.1.20:7000 --capability maxFrameSize=512
  $ nanorpc-hil run scenarios/request/echo-bytes.yaml --target tcp://192.168.1.20:7000 --repeat 10
  $ nanorpc-hil run --target 'serial:///dev/ttyACM0?baud=115200&reset=dtr' --bail --report out
`,
    )
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const options = validateOptions(RunOptions, raw);
      const { io } = context;
      const settings = Object.fromEntries(
        options.targetOption.map((entry) => {
          const index = entry.indexOf('=');
          return [entry.slice(0, index), entry.slice(index + 1)];
        }),
      );
      const capabilities = capabilityOptions(options.capability);
      const boards =
        options.targets === undefined ? [] : await readTargetsFile(options.targets, io.cwd);
      const names =
        options.target.length === 0 && boards.length === 0 ? ['emulator'] : options.target;
      const targets = runTargets(registry, names, { settings, faults: options.fault }, boards);
      const inputs = paths.length > 0 ? paths : ['scenarios'];
      const include = options.filter.filter((tag) => !tag.startsWith('!'));
      const exclude = [
        ...options.exclude,
        ...options.filter.filter((tag) => tag.startsWith('!')).map((tag) => tag.slice(1)),
      ];
      const loaded = await loadScenarioSet(inputs, io.cwd);
      const selected = filterByTags(loaded, include, exclude);
      const suite = { id: suiteId(selected), scenarios: selected.length };
      const { shard } = options;
      const plans =
        shard === undefined
          ? selected
          : selectShard(
              selected,
              shard,
              options.shardDurations === undefined
                ? undefined
                : await shardDurations(options.shardDurations, io.cwd),
            );
      if (selected.length === 0) {
        const tags = [...new Set(loaded.flatMap((plan) => plan.tags))].sort();
        throw new UsageError(
          `no scenario is left by the tag selection (--filter ${options.filter.join(',') || '(none)'}` +
            `${exclude.length > 0 ? `, excluding ${exclude.join(',')}` : ''}); ` +
            (tags.length > 0 ? `tags in use: ${tags.join(', ')}` : 'these scenarios have no tags'),
        );
      }
      if (options.list) {
        for (const plan of plans) {
          io.stdout.write(`${plan.name}\t${plan.file}\t${plan.tags.join(',')}\n`);
        }
        return;
      }
      const reportBase =
        options.report === false ? undefined : path.resolve(io.cwd, options.report);
      const rethrow = (error: unknown): never => {
        throw new UsageError(
          `--report: cannot write the reports into ${String(options.report)}: ${fileProblem(error)}`,
          { cause: error },
        );
      };
      // Checked before the run, so a bad --report does not waste a whole suite.
      if (reportBase !== undefined) await mkdir(reportBase, { recursive: true }).catch(rethrow);
      const display = new ProgressDisplay(io.stdout, options.verbose, {
        progress: options.progress,
      });
      const started = performance.now();
      const [single] = targets;
      const common = {
        plans,
        repeat: options.repeat,
        retries: options.retries,
        bail: options.bail,
        cwd: io.cwd,
        capabilities,
        ...(options.waitForPort !== undefined && { waitForPortMs: options.waitForPort }),
        signal: io.signal,
        log: (line: string) => {
          if (options.verbose) display.print(line);
        },
        tool: readToolInfo(),
        ...(options.stepTimeout !== undefined && { stepTimeoutMs: options.stepTimeout }),
        ...(options.scenarioTimeout !== undefined && {
          scenarioTimeoutMs: options.scenarioTimeout,
        }),
      };
      // One target keeps the plain single-target run and report; several make a matrix.
      const outcome =
        targets.length === 1 && single !== undefined && boards.length === 0
          ? await runSuite({
              ...common,
              target: single.provider,
              faults: single.faults,
              settings: single.settings,
              events: display,
            })
          : await runMatrix({
              ...common,
              targets,
              ...(options.jobs !== undefined && { jobs: options.jobs }),
              events: (label) => display.forTarget(label),
            });
      display.finish(performance.now() - started);
      // What merge-reports checks: shards of one suite, and which shard this is.
      outcome.report.suite = suite;
      if (shard !== undefined) outcome.report.shard = shard;
      if (reportBase !== undefined) {
        const { dir, files } = await writeRunReports(
          reportBase,
          outcome.report,
          outcome.trace,
        ).catch(rethrow);
        // Relative when under the working directory, else absolute (no ../../ chains).
        const relative = path.relative(io.cwd, dir);
        const shown =
          relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative || '.';
        io.stdout.write(
          `reports: ${shown}/ (${path.basename(files.html)}, ${path.basename(files.junit)}, ${path.basename(files.json)}, ${path.basename(files.trace)})\n`,
        );
      }
      const { failed } = outcome.report.totals;
      // An interrupted run did not pass: what it did not run is "skipped", not a success.
      context.setExitStatus(failed > 0 || io.signal.aborted ? ExitStatus.Failed : ExitStatus.Ok);
    });
}
