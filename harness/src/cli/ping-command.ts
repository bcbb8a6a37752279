import type { Command } from 'commander';
import { z } from 'zod';
import { Status, parseEndpoint } from '@nanorpc-sim/core';
import { cliClient } from './cli-client.js';
import type { CommandContext } from './command-context.js';
import { ExitStatus } from './exit-status.js';
import { durationOption, positiveInteger, validateOptions } from './option-schemas.js';
import { printResponse } from './response-printer.js';

const PingOptions = z.strictObject({ count: positiveInteger, timeout: durationOption });

export function registerPingCommand(program: Command, context: CommandContext): void {
  program
    .command('ping')
    .description('send TYPE_PING and print the answer; exit 1 unless it is STATUS_OK')
    .argument('<endpoint>', 'tcp://host:port, unix:///path or serial:///dev/ttyX?baud=115200')
    .option('-c, --count <n>', 'pings to send', '1')
    .option('-t, --timeout <duration>', 'time allowed to connect and for each answer', '5s')
    .addHelpText(
      'after',
      '\nExamples:\n  $ nanorpc-hil ping tcp://127.0.0.1:7000\n  $ nanorpc-hil ping serial:///dev/ttyACM0?baud=115200 --count 10\n',
    )
    .action(async (endpointText: string, raw: Record<string, unknown>) => {
      const options = validateOptions(PingOptions, raw);
      const endpoint = parseEndpoint(endpointText);
      const client = cliClient(endpoint, options.timeout);
      try {
        await client.connect();
        for (let i = 0; i < options.count; i++) {
          const started = performance.now();
          const response = await client.ping({ signal: context.io.signal });
          const latencyMs = performance.now() - started;
          // A blank line between answers keeps --count N readable.
          if (i > 0) context.io.stdout.write('\n');
          printResponse(context.io.stdout, response, { latencyMs });
          if (response.responseStatus !== Status.Ok) context.setExitStatus(ExitStatus.Failed);
        }
      } finally {
        await client.close();
      }
    });
}
