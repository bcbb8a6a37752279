import path from 'node:path';
import type { Command } from 'commander';
import { makeRunId } from '../scenario/index.js';
import { loadClientCases } from '../conformance/client-case-loader.js';
import { runConformanceMatrix } from '../conformance/conformance-matrix.js';
import {
  BUILT_IN_CLIENTS,
  BUILT_IN_SERVERS,
  resolveClient,
  resolveServer,
} from '../conformance/conformance-peers.js';
import { runHarnessClientDriver } from '../conformance/harness-client-driver.js';
import { renderMatrixText } from '../conformance/matrix-text.js';
import { formatCounts } from '../conformance/verdict.js';
import { writeMatrixReports } from '../conformance/write-matrix-reports.js';
import type { CommandContext } from './command-context.js';
import { ExitStatus } from './exit-status.js';
import { readToolInfo } from './tool-version.js';

interface ConformanceOptions {
  server: string[];
  client: string[];
  cases: string;
  scenarios: string[];
  reportDir?: string;
  failOnFailed?: boolean;
  verbose?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * `nanorpc-hil conformance`: every client against every server (docs/conformance.md), and the
 * hidden `conformance-driver`: the harness client behind the client-driver protocol.
 */
export function registerConformanceCommand(program: Command, context: CommandContext): void {
  program
    .command('conformance')
    .description(
      'run the conformance matrix: every --client against every --server, verdicts per case',
    )
    .option(
      '--server <name|endpoint>',
      `a server: ${BUILT_IN_SERVERS.join(', ')}, or tcp://HOST:PORT (repeatable)`,
      collect,
    )
    .option(
      '--client <name|command>',
      `a client: ${BUILT_IN_CLIENTS.join(', ')}, or a command speaking the driver protocol (repeatable)`,
      collect,
    )
    .option('--cases <folder>', 'client conformance cases (.case files)', 'scenarios/client')
    .option(
      '--scenarios <folder>',
      'device scenarios run by the harness client against each server (repeatable)',
      collect,
    )
    .option('--report-dir <dir>', 'where the reports go (default reports/conformance-<run id>)')
    .option('--fail-on-failed', 'exit with status 1 when a case is FAILED')
    .option('--verbose', 'print progress of targets and cells')
    .addHelpText(
      'after',
      '\nExamples:\n  $ nanorpc-hil conformance --server emulator --server go-reference --client harness --client go-reference\n' +
        '  $ nanorpc-hil conformance --server tcp://127.0.0.1:4000 --client "./my-driver --flag"\n',
    )
    .action(async (raw: Partial<ConformanceOptions>) => {
      const io = context.io;
      const servers = (raw.server ?? ['emulator']).map(resolveServer);
      const clients = (raw.client ?? ['harness']).map(resolveClient);
      const cases = await loadClientCases(raw.cases ?? 'scenarios/client', io.cwd);
      const runId = makeRunId(new Date());
      const tool = readToolInfo();
      const matrix = await runConformanceMatrix({
        servers,
        clients,
        clientCases: cases,
        scenarioFolders: raw.scenarios ?? ['scenarios'],
        cwd: io.cwd,
        runId,
        tool,
        signal: io.signal,
        log: (line) => {
          if (raw.verbose === true) io.stderr.write(`${line}\n`);
        },
        cellDone: (cell) =>
          io.stderr.write(`${cell.server} x ${cell.client}: ${formatCounts(cell.counts)}\n`),
      });
      const dir = path.resolve(
        io.cwd,
        raw.reportDir ?? path.join('reports', `conformance-${runId}`),
      );
      const files = await writeMatrixReports(dir, matrix);
      io.stdout.write(renderMatrixText(matrix));
      io.stdout.write(
        `reports: ${files.html}\n         ${files.json}\n         ${path.join(dir, 'junit')}/\n`,
      );
      const failed = matrix.cells.some((cell) => cell.counts.FAILED > 0);
      if (failed && raw.failOnFailed === true) context.setExitStatus(ExitStatus.Failed);
    });

  program
    .command('conformance-driver', { hidden: true })
    .description(
      'the harness client behind the client-driver protocol (JSON lines on stdin/stdout)',
    )
    .action(async () => {
      // The driver protocol is stdin/stdout by definition, so this command reads process.stdin.
      await runHarnessClientDriver(process.stdin, context.io.stdout);
    });
}
