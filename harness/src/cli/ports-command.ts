import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { ExitStatus } from './exit-status.js';
import { formatPortTable, type PortInfo } from './port-table.js';

export function registerPortsCommand(program: Command, context: CommandContext): void {
  program
    .command('ports')
    .description('list serial ports with their USB vendor and product ids')
    .option('--json', 'print JSON', false)
    .addHelpText(
      'after',
      '\nOn Linux this needs udevadm (package udev); pseudo-terminals are never listed.\n\nExamples:\n  $ nanorpc-hil ports\n  $ nanorpc-hil ports --json\n',
    )
    .action(async (options: { json: boolean }) => {
      let ports: PortInfo[];
      try {
        // Loaded here: the native binding is only needed by this command.
        const { SerialPort } = await import('serialport');
        ports = await SerialPort.list();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        context.io.stderr.write(
          `nanorpc-hil: cannot list serial ports: ${reason}\n` +
            'SerialPort.list() runs udevadm on Linux: install it (Debian/Ubuntu: apt-get install udev).\n',
        );
        context.setExitStatus(ExitStatus.Failed);
        return;
      }
      if (options.json) {
        context.io.stdout.write(`${JSON.stringify(ports, null, 2)}\n`);
        return;
      }
      if (ports.length === 0) {
        context.io.stdout.write('no serial ports found\n');
        return;
      }
      context.io.stdout.write(formatPortTable(ports));
    });
}
