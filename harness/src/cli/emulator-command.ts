import type { Command } from 'commander';
import { parseFaultSpec, startEmulator } from '@nanorpc-sim/emulator';
import type { CommandContext } from './command-context.js';
import { collectRepeated } from './option-schemas.js';
import { UsageError } from './usage-error.js';

export function registerEmulatorCommand(program: Command, context: CommandContext): void {
  program
    .command('emulator')
    .description('run the demo device emulator until Ctrl-C (SIGINT) or SIGTERM')
    .option(
      '-l, --listen <endpoint>',
      'tcp://host:port (port 0 picks one), unix:///path, serial:///dev/ttyX, or pty',
      'tcp://127.0.0.1:7000',
    )
    .option(
      '--fault <spec>',
      'inject a fault, e.g. latency=20, drop=0.01 (repeatable)',
      collectRepeated,
    )
    .option('-v, --verbose', 'log sessions and faults', false)
    .addHelpText(
      'after',
      `
Examples:
  $ nanorpc-hil emulator --listen tcp://127.0.0.1:7000
  $ nanorpc-hil emulator --listen unix:///tmp/demo.sock --fault latency=20 --fault drop=0.01
  $ nanorpc-hil emulator --listen pty
`,
    )
    .action(async (options: { listen: string; fault?: string[]; verbose: boolean }) => {
      const faults = options.fault ?? [];
      for (const spec of faults) {
        try {
          parseFaultSpec(spec);
        } catch (error) {
          throw new UsageError(`--fault ${spec}: ${(error as Error).message}`);
        }
      }
      const log = (message: string): void => {
        if (options.verbose) context.io.stderr.write(`${message}\n`);
      };
      let running;
      try {
        running = await startEmulator({
          listen: options.listen,
          faults,
          logger: { info: log, warn: (message) => context.io.stderr.write(`${message}\n`) },
        });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'ERR_BAD_ENDPOINT' || code === 'ERR_BAD_EMULATOR_OPTIONS') {
          throw new UsageError(`--listen: ${(error as Error).message}`);
        }
        throw error;
      }
      context.io.stdout.write(`emulator: listening ${running.endpoint}\n`);
      if (!context.io.signal.aborted) {
        await new Promise<void>((resolve) =>
          context.io.signal.addEventListener('abort', () => resolve(), { once: true }),
        );
      }
      await running.stop();
      context.io.stdout.write('emulator: stopped\n');
    });
}
