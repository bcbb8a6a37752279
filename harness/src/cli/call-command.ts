import type { Command } from 'commander';
import { z } from 'zod';
import {
  decodeJsonPayload,
  type JsonObject,
  type PathRef,
  Status,
  parseEndpoint,
} from '@nanorpc-sim/core';
import { hexToBytes } from '../runtime/hex-bytes.js';
import { cliClient } from './cli-client.js';
import { cliType, loadCliPayloads } from './cli-payloads.js';
import type { CommandContext } from './command-context.js';
import { ExitStatus } from './exit-status.js';
import { encodeJsonOption } from './json-option.js';
import { collectRepeated, durationOption, hexOption, validateOptions } from './option-schemas.js';
import { printResponse } from './response-printer.js';
import { UsageError } from './usage-error.js';

const CallOptions = z
  .strictObject({
    data: hexOption.optional(),
    utf8: z.string().optional(),
    json: z.string().optional(),
    type: z.string().optional(),
    responseType: z.string().optional(),
    proto: z.array(z.string()).default([]),
    hash: z.boolean().default(false),
    timeout: durationOption,
  })
  .refine((o) => [o.data, o.utf8, o.json].filter((v) => v !== undefined).length <= 1, {
    message: 'give only one of --data, --utf8 and --json',
  });

/** A path argument: the path itself, or a hash written 0x1234abcd. */
export function pathArgument(text: string): { ref: PathRef; path: string | undefined } {
  if (/^0x[0-9a-fA-F]{1,8}$/.test(text))
    return { ref: { hash: Number.parseInt(text, 16) }, path: undefined };
  if (!text.startsWith('/'))
    throw new UsageError(
      `<path>: expected a path starting with / or a hash 0x1234abcd (got "${text}")`,
    );
  return { ref: text, path: text };
}

export function registerCallCommand(program: Command, context: CommandContext): void {
  program
    .command('call')
    .description('send one TYPE_REQUEST and print the answer; exit 1 unless it is STATUS_OK')
    .argument('<endpoint>', 'tcp://host:port, unix:///path or serial:///dev/ttyX?baud=115200')
    .argument('<path>', 'the path, e.g. /calc/multiply, or its hash 0x1234abcd')
    .option('-d, --data <hex>', 'request data as hex bytes')
    .option('-u, --utf8 <text>', 'request data as UTF-8 text')
    .option('-j, --json <object>', 'request data as a typed message, written as JSON')
    .option(
      '--type <name>',
      'message type of --json (default: from the .proto service of the path)',
    )
    .option('--response-type <name>', 'message type to decode the answer with')
    .option(
      '--proto <file>',
      '.proto file for typed payloads (repeatable; default demo_device.proto)',
      collectRepeated,
    )
    .option('--hash', 'send the path as its FNV-1a hash', false)
    .option('-t, --timeout <duration>', 'time allowed to connect and to answer', '5s')
    .addHelpText(
      'after',
      `
Examples:
  $ nanorpc-hil call tcp://127.0.0.1:7000 /echo --utf8 hello
  $ nanorpc-hil call tcp://127.0.0.1:7000 /echo --data "00 01 ff" --hash
  $ nanorpc-hil call tcp://127.0.0.1:7000 /calc/multiply --json '{"a": 6, "b": 7}'
  $ nanorpc-hil call serial:///dev/ttyACM0 /sys/info --response-type demo.SysInfo
  $ nanorpc-hil call unix:///tmp/dev.sock /x --json '{"n": 1}' --type my.Req --proto my.proto
`,
    )
    .action(async (endpointText: string, pathText: string, raw: Record<string, unknown>) => {
      const options = validateOptions(CallOptions, raw);
      const endpoint = parseEndpoint(endpointText);
      const target = pathArgument(pathText);
      const typed =
        options.json !== undefined ||
        options.type !== undefined ||
        options.responseType !== undefined ||
        options.proto.length > 0;
      const payloads = typed ? loadCliPayloads(options.proto, context.io.cwd) : undefined;
      let data: Uint8Array = new Uint8Array(0);
      if (options.data !== undefined) data = hexToBytes(options.data, '--data');
      if (options.utf8 !== undefined) data = new TextEncoder().encode(options.utf8);
      if (options.json !== undefined && payloads !== undefined) {
        const type = cliType(payloads, options.type, target.path, 'request', '--type');
        if (type === undefined) {
          throw new UsageError(
            `--json: no message type for ${pathText}: give --type (and --proto)`,
          );
        }
        data = encodeJsonOption(type, options.json, '--json');
      }
      const responseType =
        payloads === undefined
          ? undefined
          : cliType(payloads, options.responseType, target.path, 'response', '--response-type');
      const client = cliClient(endpoint, options.timeout);
      try {
        await client.connect();
        const started = performance.now();
        const response = await client.request(target.ref, data, {
          hashPath: options.hash,
          signal: context.io.signal,
        });
        const latencyMs = performance.now() - started;
        let json: JsonObject | undefined;
        if (responseType !== undefined && response.responseStatus === Status.Ok) {
          try {
            json = decodeJsonPayload(responseType, response.data);
          } catch (error) {
            context.io.stderr.write(`nanorpc-hil: ${(error as Error).message}; showing hex\n`);
          }
        }
        printResponse(context.io.stdout, response, { json, latencyMs });
        if (response.responseStatus !== Status.Ok) context.setExitStatus(ExitStatus.Failed);
      } finally {
        await client.close();
      }
    });
}
