import type { Command } from 'commander';
import { z } from 'zod';
import {
  decodeJsonPayload,
  type NanoRpcResponse,
  StatusError,
  parseEndpoint,
} from '@nanorpc-sim/core';
import { bytesToHex, hexToBytes } from '../runtime/hex-bytes.js';
import { pathArgument } from './call-command.js';
import { cliClient } from './cli-client.js';
import { cliType, loadCliPayloads } from './cli-payloads.js';
import type { CommandContext } from './command-context.js';
import { ExitStatus } from './exit-status.js';
import { encodeJsonOption } from './json-option.js';
import {
  collectRepeated,
  durationOption,
  hexOption,
  positiveInteger,
  validateOptions,
} from './option-schemas.js';
import { printResponse } from './response-printer.js';
import { UsageError } from './usage-error.js';

const SubscribeOptions = z
  .strictObject({
    count: positiveInteger.optional(),
    for: durationOption.optional(),
    filter: hexOption.optional(),
    jsonFilter: z.string().optional(),
    type: z.string().optional(),
    updateType: z.string().optional(),
    proto: z.array(z.string()).default([]),
    hash: z.boolean().default(false),
    timeout: durationOption,
  })
  .refine((o) => o.filter === undefined || o.jsonFilter === undefined, {
    message: 'give --filter or --json-filter, not both',
  });

export function registerSubscribeCommand(program: Command, context: CommandContext): void {
  program
    .command('subscribe')
    .description('subscribe to a path and print its updates until --count, --for or Ctrl-C')
    .argument('<endpoint>', 'tcp://host:port, unix:///path or serial:///dev/ttyX?baud=115200')
    .argument('<path>', 'the path, e.g. /sensors/temp, or its hash 0x1234abcd')
    .option('-n, --count <n>', 'stop after this many updates')
    .option('--for <duration>', 'stop after this long')
    .option('-f, --filter <hex>', 'subscribe filter as hex bytes (empty: everything)')
    .option('--json-filter <object>', 'subscribe filter as a typed message, written as JSON')
    .option('--type <name>', 'message type of --json-filter (default: from the .proto service)')
    .option('--update-type <name>', 'message type to decode updates with')
    .option(
      '--proto <file>',
      '.proto file for typed payloads (repeatable; default demo_device.proto)',
      collectRepeated,
    )
    .option('--hash', 'send the path as its FNV-1a hash', false)
    .option('-t, --timeout <duration>', 'time allowed to connect and for the acknowledgement', '5s')
    .addHelpText(
      'after',
      `
Examples:
  $ nanorpc-hil subscribe tcp://127.0.0.1:7000 /sensors/temp --count 5
  $ nanorpc-hil subscribe tcp://127.0.0.1:7000 /sensors/temp --json-filter '{"minMilliCelsius": 20000}'
  $ nanorpc-hil subscribe serial:///dev/ttyACM0 /sensors/temp --filter 08a09c01 --for 10s
`,
    )
    .action(async (endpointText: string, pathText: string, raw: Record<string, unknown>) => {
      const options = validateOptions(SubscribeOptions, raw);
      const endpoint = parseEndpoint(endpointText);
      const target = pathArgument(pathText);
      const typed =
        options.jsonFilter !== undefined ||
        options.type !== undefined ||
        options.updateType !== undefined ||
        options.proto.length > 0;
      const payloads = typed ? loadCliPayloads(options.proto, context.io.cwd) : undefined;
      let filter: Uint8Array =
        options.filter === undefined ? new Uint8Array(0) : hexToBytes(options.filter, '--filter');
      if (options.jsonFilter !== undefined && payloads !== undefined) {
        const type = cliType(payloads, options.type, target.path, 'request', '--type');
        if (type === undefined)
          throw new UsageError(`--json-filter: no message type for ${pathText}: give --type`);
        filter = encodeJsonOption(type, options.jsonFilter, '--json-filter');
      }
      const updateType =
        payloads === undefined
          ? undefined
          : cliType(payloads, options.updateType, target.path, 'response', '--update-type');
      const client = cliClient(endpoint, options.timeout);
      const stop = new AbortController();
      const onAbort = (): void => stop.abort();
      context.io.signal.addEventListener('abort', onAbort, { once: true });
      const timer = options.for === undefined ? undefined : setTimeout(onAbort, options.for);
      let received = 0;
      const show = (update: NanoRpcResponse): void => {
        received++;
        let text = bytesToHex(update.data);
        if (updateType !== undefined) {
          try {
            text = JSON.stringify(decodeJsonPayload(updateType, update.data));
          } catch (error) {
            text = `${text} (${(error as Error).message})`;
          }
        }
        context.io.stdout.write(`update ${received} (id ${update.requestId}): ${text}\n`);
        if (options.count !== undefined && received >= options.count) stop.abort();
      };
      try {
        await client.connect();
        let subscription;
        try {
          subscription = await client.subscribe(target.ref, filter, show, {
            hashPath: options.hash,
            signal: context.io.signal,
          });
        } catch (error) {
          if (error instanceof StatusError && error.response !== undefined) {
            printResponse(context.io.stdout, error.response);
            context.setExitStatus(ExitStatus.Failed);
            return;
          }
          throw error;
        }
        context.io.stderr.write(`subscribed to ${pathText} (id ${subscription.id})\n`);
        if (!stop.signal.aborted) {
          await new Promise<void>((resolve) => {
            stop.signal.addEventListener('abort', () => resolve(), { once: true });
            subscription.once('terminated', () => resolve());
          });
        }
        if (subscription.phase === 'active') await subscription.unsubscribe();
        else if (subscription.phase === 'terminated' && subscription.reason !== 'unsubscribed') {
          context.io.stderr.write(`subscription ended: ${subscription.reason ?? 'unknown'}\n`);
          context.setExitStatus(ExitStatus.Failed);
        }
      } finally {
        clearTimeout(timer);
        context.io.signal.removeEventListener('abort', onAbort);
        await client.close();
      }
    });
}
