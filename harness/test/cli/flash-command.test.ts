import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/run-cli.js';
import { startEmulator, type RunningEmulator } from '@nanorpc-sim/emulator';
import { memoryIo, type MemoryIo } from './memory-io.js';

/*
 * PlatformIO cannot download platforms here, so `pio` is played by a small script that records
 * its arguments and exits with a chosen status; the board is the real emulator.
 */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let emulator: RunningEmulator;
let scratch: string;

beforeAll(async () => {
  emulator = await startEmulator({ listen: 'tcp://127.0.0.1:0' });
  scratch = await mkdtemp(path.join(tmpdir(), 'nanorpc-flash-'));
});
afterAll(async () => {
  await emulator?.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function fakePio(exitStatus: number): Promise<{ program: string; argsFile: string }> {
  const program = path.join(scratch, `pio-${exitStatus}`);
  const argsFile = `${program}.args`;
  await writeFile(
    program,
    `#!/bin/sh\necho "uploading..."\necho "$@" > '${argsFile}'\nexit ${exitStatus}\n`,
  );
  await chmod(program, 0o755);
  return { program, argsFile };
}

async function cli(...argv: string[]): Promise<{ status: number; io: MemoryIo }> {
  const io = memoryIo(REPO_ROOT);
  const status = await runCli(['flash', ...argv], io);
  return { status, io };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('nanorpc-hil flash', () => {
  it('uploads with pio run -t upload, then waits until the board answers a ping', async () => {
    const pio = await fakePio(0);
    const { status, io } = await cli(
      '--env',
      'nucleo_f401re',
      '--pio',
      pio.program,
      '--endpoint',
      emulator.endpoint,
    );
    expect(io.stderr.text).not.toMatch(/nanorpc-hil:/);
    expect(status).toBe(0);
    expect(io.stdout.text).toContain('uploading...');
    expect(io.stdout.text).toMatch(/nucleo_f401re answered a ping on tcp:\/\/127\.0\.0\.1:\d+/);
    expect((await readFile(pio.argsFile, 'utf8')).trim()).toBe(
      `run -d ${path.resolve(REPO_ROOT)} -e nucleo_f401re -t upload`,
    );
  });

  it('passes --port to pio as the upload port', async () => {
    const pio = await fakePio(0);
    const { status } = await cli(
      '-e',
      'esp32dev',
      '--pio',
      pio.program,
      '-p',
      '/dev/ttyX',
      '--no-wait',
    );
    expect(status).toBe(0);
    expect(await readFile(pio.argsFile, 'utf8')).toContain('-t upload --upload-port /dev/ttyX');
  });

  it('refuses an environment platformio.ini does not have, listing those it has (exit 2)', async () => {
    const { status, io } = await cli('--env', 'uno', '--no-wait');
    expect(status).toBe(2);
    expect(io.stderr.text).toMatch(/no environment "uno" in .*platformio\.ini/);
    expect(io.stderr.text).toContain('nucleo_f401re, esp32dev, megaatmega2560');
  });

  it('asks where to wait for the board when neither --port nor --endpoint is given (exit 2)', async () => {
    const { status, io } = await cli('--env', 'esp32dev');
    expect(status).toBe(2);
    expect(io.stderr.text).toContain('--port');
  });

  it('fails with the command and its status when the upload fails (exit 1)', async () => {
    const pio = await fakePio(3);
    const { status, io } = await cli('--env', 'esp32dev', '--pio', pio.program, '--no-wait');
    expect(status).toBe(1);
    expect(io.stderr.text).toMatch(/failed \(exit status 3\)/);
  });

  it('says how to get PlatformIO when it is missing (exit 1)', async () => {
    const missing = path.join(scratch, 'no-such-pio');
    const { status, io } = await cli('--env', 'esp32dev', '--pio', missing, '--no-wait');
    expect(status).toBe(1);
    expect(io.stderr.text).toContain('was not found');
    expect(io.stderr.text).toContain('pip install platformio');
  });

  it('fails when the board does not answer within the timeout (exit 1)', async () => {
    const pio = await fakePio(0);
    const endpoint = `tcp://127.0.0.1:${await closedPort()}`;
    const { status, io } = await cli(
      ...['--env', 'esp32dev', '--pio', pio.program, '--endpoint', endpoint, '--timeout', '1s'],
    );
    expect(status).toBe(1);
    expect(io.stderr.text).toContain(`did not answer a ping on ${endpoint} within 1000 ms`);
  });
});
