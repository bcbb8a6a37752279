import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { startEmulator, type RunningEmulator } from '@nanorpc-sim/emulator';
import { memoryIo, type MemoryIo } from './memory-io.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ listen: 'tcp://127.0.0.1:0' });
});
afterAll(async () => {
  await emulator?.stop();
});

async function cli(...argv: string[]): Promise<{ status: number; io: MemoryIo }> {
  const io = memoryIo();
  const status = await runCli(argv, io);
  return { status, io };
}

describe('ping and call', () => {
  it('pings and prints the pong', async () => {
    const { status, io } = await cli('ping', emulator.endpoint, '--count', '2');
    expect(status).toBe(0);
    expect(io.stdout.text.match(/^type: {4}TYPE_PONG$/gm)).toHaveLength(2);
    // Answers are separated by one blank line.
    expect(io.stdout.text).toMatch(/ ms\n\ntype: {4}TYPE_PONG\n/);
    expect(io.stdout.text).toMatch(/^status: {2}STATUS_OK$/m);
  });

  it('calls with hex, utf8 and typed JSON data', async () => {
    const hex = await cli('call', emulator.endpoint, '/echo', '--data', '00 01 ff', '--hash');
    expect(hex.status).toBe(0);
    expect(hex.io.stdout.text).toContain('data:    0001ff\n');
    const text = await cli('call', emulator.endpoint, '/echo', '--utf8', 'hello');
    expect(text.io.stdout.text).toContain('data:    68656c6c6f\nutf8:    "hello"\n');
    const typed = await cli(
      'call',
      emulator.endpoint,
      '/calc/multiply',
      '--json',
      '{"a": 6, "b": 7}',
    );
    expect(typed.status).toBe(0);
    expect(typed.io.stdout.text).toMatch(
      /^type: {4}TYPE_RESPONSE\nstatus: {2}STATUS_OK\ndata: {4}\{\n {11}"product": "42"\n {9}\}\ntime: /,
    );
    const info = await cli(
      'call',
      emulator.endpoint,
      '0xce8c5900',
      '--response-type',
      'demo.SysInfo',
    );
    expect(info.status).toBe(0);
    expect(info.io.stdout.text).toContain('"deviceName": ');
  });

  it('exits 1 and prints the status name and message when the status is not OK', async () => {
    const { status, io } = await cli('call', emulator.endpoint, '/test/fail');
    expect(status).toBe(1);
    expect(io.stdout.text).toMatch(/^status: {2}STATUS_INTERNAL_ERROR\nmessage: .+$/m);
    const missing = await cli('call', emulator.endpoint, '/no/such/path');
    expect(missing.status).toBe(1);
    expect(missing.io.stdout.text).toContain('STATUS_NOT_FOUND');
  });

  it('exits 2 on bad input and 1 when nothing answers', async () => {
    const endpoint = await cli('call', 'tcp://nowhere', '/echo');
    expect(endpoint.status).toBe(2);
    expect(endpoint.io.stderr.text).toContain('tcp://nowhere');
    const both = await cli('call', emulator.endpoint, '/echo', '--data', '00', '--utf8', 'x');
    expect(both.status).toBe(2);
    expect(both.io.stderr.text).toBe('nanorpc-hil: give only one of --data, --utf8 and --json\n');
    const json = await cli('call', emulator.endpoint, '/calc/multiply', '--json', '{"a": "six"}');
    expect(json.status).toBe(2);
    expect(json.io.stderr.text).toContain(
      '--json: MultiplyRequest.a: expected an integer for int32',
    );
    const notJson = await cli('call', emulator.endpoint, '/calc/multiply', '--json', '{a:');
    expect(notJson.status).toBe(2);
    expect(notJson.io.stderr.text).toMatch(/^nanorpc-hil: --json: not JSON: /m);
    const hex = await cli('call', emulator.endpoint, '/echo', '--data', 'xyz');
    expect(hex.status).toBe(2);
    expect(hex.io.stderr.text).toContain('--data: expected hex bytes');
    const refused = await cli('ping', 'tcp://127.0.0.1:1', '--timeout', '2s');
    expect(refused.status).toBe(1);
    expect(refused.io.stderr.text).toMatch(/^nanorpc-hil: .*127\.0\.0\.1:1/);
  });
});

describe('subscribe', () => {
  it('prints typed updates until --count, then unsubscribes', async () => {
    const io = memoryIo();
    const running = runCli(
      [
        'subscribe',
        emulator.endpoint,
        '/sensors/temp',
        '--count',
        '2',
        '--json-filter',
        '{"minMilliCelsius": 1000}',
      ],
      io,
    );
    for (let i = 0; i < 200 && !io.stderr.text.includes('subscribed'); i++)
      await new Promise((r) => setTimeout(r, 10));
    const publish = await cli(
      'call',
      emulator.endpoint,
      '/test/publish',
      '--json',
      '{"count": 3, "startMilliCelsius": 0, "stepMilliCelsius": 1000}',
    );
    expect(publish.status).toBe(0);
    expect(await running).toBe(0);
    const lines = io.stdout.text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^update 1 \(id \d+\): \{"sequence":\d+,"milliCelsius":1000\}$/);
    expect(lines[1]).toMatch(/^update 2 \(id \d+\): \{"sequence":\d+,"milliCelsius":2000\}$/);
  });

  it('stops on the signal and exits 1 on a refused subscription', async () => {
    const io = memoryIo();
    const running = runCli(['subscribe', emulator.endpoint, '/sensors/temp'], io);
    for (let i = 0; i < 200 && !io.stderr.text.includes('subscribed'); i++)
      await new Promise((r) => setTimeout(r, 10));
    io.controller.abort();
    expect(await running).toBe(0);
    const refused = await cli('subscribe', emulator.endpoint, '/no/topic');
    expect(refused.status).toBe(1);
    expect(refused.io.stdout.text).toContain('STATUS_NOT_FOUND');
  });
});

describe('emulator, schema and ports', () => {
  it('runs the emulator until the signal, printing where it listens', async () => {
    const io = memoryIo();
    const running = runCli(['emulator', '--listen', 'tcp://127.0.0.1:0'], io);
    for (let i = 0; i < 300 && !io.stdout.text.includes('listening'); i++)
      await new Promise((r) => setTimeout(r, 10));
    const endpoint = /^emulator: listening (tcp:\/\/127\.0\.0\.1:\d+)$/m.exec(io.stdout.text)?.[1];
    expect(endpoint).toBeDefined();
    expect((await cli('ping', endpoint as string)).status).toBe(0);
    io.controller.abort();
    expect(await running).toBe(0);
    expect(io.stdout.text).toContain('emulator: stopped');
  });

  it('refuses a bad fault spec with status 2', async () => {
    const { status, io } = await cli('emulator', '--fault', 'gremlins=9');
    expect(status).toBe(2);
    expect(io.stderr.text).toContain('--fault gremlins=9');
  });

  it('says why --out cannot be written, with status 2', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-schema-'));
    try {
      await writeFile(path.join(dir, 'a-file'), 'x');
      const io = memoryIo(dir);
      expect(await runCli(['schema', '--out', 'a-file/schema.json'], io)).toBe(2);
      expect(io.stderr.text).toBe(
        'nanorpc-hil: --out: cannot write a-file/schema.json: a part of the path is a file, not a folder\n',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes the scenario JSON Schema', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-schema-'));
    try {
      const io = memoryIo(dir);
      expect(await runCli(['schema', '--out', 'scenarios/scenario.schema.json'], io)).toBe(0);
      const schema = JSON.parse(
        readFileSync(path.join(dir, 'scenarios', 'scenario.schema.json'), 'utf8'),
      ) as {
        $schema: string;
        required: string[];
        properties: Record<string, unknown>;
      };
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.required).toEqual(['name', 'steps']);
      expect(Object.keys(schema.properties)).toEqual(
        expect.arrayContaining(['name', 'tags', 'role', 'proto', 'steps']),
      );
      const printed = await cli('schema');
      expect(printed.io.stdout.text).toBe(
        readFileSync(path.join(dir, 'scenarios', 'scenario.schema.json'), 'utf8'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists serial ports, or says that udevadm is missing', async () => {
    let hasUdevadm = true;
    try {
      execFileSync('udevadm', ['--version'], { stdio: 'ignore' });
    } catch {
      hasUdevadm = false;
    }
    const { status, io } = await cli('ports');
    if (hasUdevadm) {
      expect(status).toBe(0);
      expect(io.stdout.text).toMatch(
        /^(no serial ports found\n|PORT +USB ID +MANUFACTURER +SERIAL NUMBER\n(\/dev\/\S+ .*\n)+)$/,
      );
    } else {
      expect(status).toBe(1);
      expect(io.stderr.text).toContain('udevadm');
    }
  });

  it('has help with examples on every command', async () => {
    for (const command of [
      'run',
      'ping',
      'call',
      'subscribe',
      'hash',
      'ports',
      'emulator',
      'schema',
    ]) {
      const { status, io } = await cli(command, '--help');
      expect(status).toBe(0);
      expect(io.stdout.text).toContain(`Usage: nanorpc-hil ${command}`);
      expect(io.stdout.text).toContain('$ nanorpc-hil');
    }
  });
});
