import type { Command } from 'commander';
import { fnv1a32, formatHash } from '@nanorpc-sim/core';
import type { CommandContext } from './command-context.js';

export function registerHashCommand(program: Command, context: CommandContext): void {
  program
    .command('hash')
    .description('print the FNV-1a 32-bit hash of a NanoRPC path, as 0x%08x')
    .argument('<path>', 'the path, e.g. /sys/info')
    .addHelpText('after', '\nExamples:\n  $ nanorpc-hil hash /sys/info\n')
    .action((path: string) => {
      context.io.stdout.write(`${formatHash(fnv1a32(path))}\n`);
    });
}
