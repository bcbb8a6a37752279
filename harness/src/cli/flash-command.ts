import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { NanoRpcError, parseEndpoint } from '@nanorpc-sim/core';
import { waitForBoard } from './board-wait.js';
import type { CliOutput } from './cli-io.js';
import type { CommandContext } from './command-context.js';
import { durationOption, validateOptions } from './option-schemas.js';
import { platformioEnvironments } from './platformio-project.js';
import { UsageError } from './usage-error.js';

const FlashOptions = z.strictObject({
  env: z.string().min(1, 'name a PlatformIO environment'),
  projectDir: z.string().min(1),
  port: z.string().min(1).optional(),
  endpoint: z.string().min(1).optional(),
  wait: z.boolean(),
  timeout: durationOption,
  pio: z.string().min(1),
});

/** PlatformIO failed, or could not be started. */
export class FlashError extends NanoRpcError {
  declare readonly code: 'ERR_FLASH';

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_FLASH', message, options);
  }
}

/** Runs `pio run -t upload`, passing its output through; resolves when it exits 0. */
function runUpload(
  pio: string,
  args: string[],
  io: { stdout: CliOutput; stderr: CliOutput; signal: AbortSignal },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(pio, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: io.signal });
    child.stdout.on('data', (chunk: Buffer) => io.stdout.write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => io.stderr.write(chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'ENOENT'
          ? `PlatformIO (${pio}) was not found: install it (pip install platformio) or pass --pio PATH`
          : `cannot run ${pio}: ${error.message}`;
      reject(new FlashError(hint, { cause: error }));
    });
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new FlashError(`${pio} ${args.join(' ')} failed (${signal ?? `exit status ${code}`})`),
        );
    });
  });
}

export function registerFlashCommand(program: Command, context: CommandContext): void {
  program
    .command('flash')
    .description('build and upload the firmware with PlatformIO, then wait until the board answers')
    .requiredOption('-e, --env <name>', 'PlatformIO environment of platformio.ini')
    .option('-d, --project-dir <dir>', 'folder holding platformio.ini', '.')
    .option('-p, --port <device>', 'upload port, also where the board is pinged afterwards')
    .option(
      '--endpoint <endpoint>',
      'where to ping the board (default serial://<port>?baud=115200)',
    )
    .option('--no-wait', 'upload only; do not wait for the board to answer')
    .option('-t, --timeout <duration>', 'how long the board may take to answer after upload', '30s')
    .option('--pio <program>', 'the PlatformIO command', 'pio')
    .addHelpText(
      'after',
      '\nExamples:\n  $ nanorpc-hil flash --env nucleo_f401re --port /dev/ttyACM0\n  $ nanorpc-hil flash --env esp32dev --endpoint "serial:///dev/ttyUSB0?baud=115200&reset=rts"\n',
    )
    .action(async (raw: Record<string, unknown>) => {
      const options = validateOptions(FlashOptions, raw);
      const projectDir = path.resolve(context.io.cwd, options.projectDir);
      const environments = await platformioEnvironments(projectDir);
      if (!environments.includes(options.env)) {
        throw new UsageError(
          `--env: no environment "${options.env}" in ${path.join(projectDir, 'platformio.ini')} (it has: ${environments.join(', ') || 'none'})`,
        );
      }
      const waitText =
        options.endpoint ??
        (options.port === undefined ? undefined : `serial://${options.port}?baud=115200`);
      if (options.wait && waitText === undefined) {
        throw new UsageError(
          'name where the board answers with --port /dev/ttyACM0 or --endpoint, or pass --no-wait',
        );
      }
      // Validate the endpoint before spending a minute on the build.
      const waitEndpoint = options.wait && waitText ? parseEndpoint(waitText) : undefined;

      const args = ['run', '-d', projectDir, '-e', options.env, '-t', 'upload'];
      if (options.port !== undefined) args.push('--upload-port', options.port);
      context.io.stderr.write(`flash: ${options.pio} ${args.join(' ')}\n`);
      await runUpload(options.pio, args, context.io);
      if (waitEndpoint === undefined) return;

      context.io.stderr.write(`flash: waiting for the board on ${waitEndpoint.text}\n`);
      const tookMs = await waitForBoard(waitEndpoint, Math.round(options.timeout), {
        signal: context.io.signal,
      });
      context.io.stdout.write(
        `flash: ${options.env} answered a ping on ${waitEndpoint.text} ${(tookMs / 1000).toFixed(1)} s after upload\n`,
      );
    });
}
