import { Command, CommanderError } from 'commander';
import { NanoRpcError } from '@nanorpc-sim/core';
import type { CliIo } from './cli-io.js';
import type { CommandContext } from './command-context.js';
import { ExitStatus } from './exit-status.js';
import { registerCallCommand } from './call-command.js';
import { registerEmulatorCommand } from './emulator-command.js';
import { registerFlashCommand } from './flash-command.js';
import { registerGenCommand } from './gen-command.js';
import { registerHashCommand } from './hash-command.js';
import { registerMergeReportsCommand } from './merge-reports-command.js';
import { registerCompareCommand } from './compare-command.js';
import { registerPingCommand } from './ping-command.js';
import { registerPortsCommand } from './ports-command.js';
import { registerRunCommand } from './run-command.js';
import { registerSchemaCommand } from './schema-command.js';
import { registerSubscribeCommand } from './subscribe-command.js';
import { readToolInfo } from './tool-version.js';

/** Error codes that mean "the input was wrong" (exit 2) rather than "the device failed" (1). */
const BAD_INPUT_CODES = new Set([
  'ERR_USAGE',
  'ERR_BAD_ENDPOINT',
  'ERR_SCENARIO_FILE',
  'ERR_UNKNOWN_TARGET',
  'ERR_UNKNOWN_TARGET_SETTING',
  'ERR_FAULTS_NOT_ACCEPTED',
  'ERR_PAYLOAD_SPEC',
  'ERR_BAD_EMULATOR_OPTIONS',
  'ERR_BAD_FAULT',
]);

export function exitStatusForError(error: unknown): ExitStatus {
  if (error instanceof NanoRpcError && BAD_INPUT_CODES.has(error.code)) return ExitStatus.BadInput;
  return ExitStatus.Failed;
}

export async function createProgram(context: CommandContext): Promise<Command> {
  const tool = readToolInfo();
  const program = new Command();
  program
    .name('nanorpc-hil')
    .description(
      'Hardware-in-the-loop tests for NanoRPC devices: scenarios, one-off calls, reports',
    )
    .version(tool.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    // Inherited by every subcommand created below.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
      // Commander's "error: ..." gets the same prefix as every other message of the command.
      outputError: (text, write) => write(text.replace(/^error: /, 'nanorpc-hil: ')),
    })
    .showHelpAfterError('(add --help for usage)');
  await registerRunCommand(program, context);
  registerMergeReportsCommand(program, context);
  registerCompareCommand(program, context);
  registerPingCommand(program, context);
  registerCallCommand(program, context);
  registerSubscribeCommand(program, context);
  registerHashCommand(program, context);
  registerPortsCommand(program, context);
  registerEmulatorCommand(program, context);
  registerSchemaCommand(program, context);
  registerFlashCommand(program, context);
  (await import('./conformance-command.js')).registerConformanceCommand(program, context);
  registerGenCommand(program, context);
  return program;
}

/**
 * Runs the command line with `argv` (user arguments only, without node and the script) and
 * returns the exit status: 0 passed, 1 failed, 2 bad input. Never calls process.exit.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitStatus> {
  let status: ExitStatus = ExitStatus.Ok;
  const context: CommandContext = {
    io,
    setExitStatus: (next) => {
      // The worst status wins: bad input over failure over success.
      if (next > status) status = next;
    },
  };
  try {
    const program = await createProgram(context);
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are how commander reports that it printed them.
      if (error.exitCode === 0) return ExitStatus.Ok;
      return ExitStatus.BadInput;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`nanorpc-hil: ${message}\n`);
    return exitStatusForError(error);
  }
}
