import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator.js';
import { parseFaultSpec } from './fault-spec.js';

/*
 * `nanorpc-emulator`: the demo device on its own, for a user who only needs a device to talk
 * to (no scenario engine). Exit status: 0 after a signal, 2 for bad options.
 */

const USAGE = `Usage: nanorpc-emulator [options]

Serves the NanoRPC demo device profile until Ctrl-C (SIGINT) or SIGTERM.

Options:
  -l, --listen <endpoint>  tcp://host:port (port 0 picks one), unix:///path,
                           serial:///dev/ttyX, pty or pty:///dir (default tcp://127.0.0.1:7000)
  --fault <spec>           inject a fault, e.g. latency=20, drop=0.01 (repeatable)
  --max-frame-size <n>     largest frame the device accepts (default 65536)
  -v, --verbose            log sessions and faults
  -V, --version            print the version
  -h, --help               print this help

Examples:
  $ nanorpc-emulator --listen tcp://127.0.0.1:7000
  $ nanorpc-emulator --listen unix:///tmp/demo.sock --fault latency=20 --fault drop=0.01
  $ nanorpc-emulator --listen pty
`;

function version(): string {
  const manifest = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function fail(message: string): never {
  process.stderr.write(`nanorpc-emulator: ${message}\nTry nanorpc-emulator --help\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        listen: { type: 'string', short: 'l', default: 'tcp://127.0.0.1:7000' },
        fault: { type: 'string', multiple: true, default: [] },
        'max-frame-size': { type: 'string' },
        verbose: { type: 'boolean', short: 'v', default: false },
        version: { type: 'boolean', short: 'V', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) return void process.stdout.write(USAGE);
  if (values.version) return void process.stdout.write(`${version()}\n`);
  for (const spec of values.fault) {
    try {
      parseFaultSpec(spec);
    } catch (error) {
      fail(`--fault ${spec}: ${(error as Error).message}`);
    }
  }
  const maxFrameText = values['max-frame-size'];
  const maxFrameSize = maxFrameText === undefined ? undefined : Number(maxFrameText);
  if (maxFrameSize !== undefined && !Number.isInteger(maxFrameSize)) {
    fail(`--max-frame-size: expected an integer, got ${maxFrameText}`);
  }
  const log = (message: string): void => {
    if (values.verbose) process.stderr.write(`${message}\n`);
  };
  let running;
  try {
    running = await startEmulator({
      listen: values.listen,
      faults: values.fault,
      ...(maxFrameSize === undefined ? {} : { maxFrameSize }),
      logger: { info: log, warn: (message) => process.stderr.write(`${message}\n`) },
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_BAD_ENDPOINT' || code === 'ERR_BAD_EMULATOR_OPTIONS') {
      fail(`${(error as Error).message}`);
    }
    throw error;
  }
  process.stdout.write(`nanorpc-emulator: listening ${running.endpoint}\n`);
  const stop = async (): Promise<void> => {
    await running.stop();
    process.stdout.write('nanorpc-emulator: stopped\n');
  };
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stop();
}

await main();
