import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '@nanorpc-sim/emulator';
import { runCli } from '../../src/cli/run-cli.js';
import { processesHolding } from '../../src/scenario/port-claim.js';
import { memoryIo } from '../cli/memory-io.js';
import { REPO_ROOT } from '../support/scenario-on-target.js';

const LONG = 90_000;
/** Keeps the first run on the board while the second one tries (no timing is asserted). */
const HOLD = 'name: hold the board\nsteps:\n  - ping:\n  - wait: 4s\n  - ping:\n';
const PING = 'name: quick ping\nsteps:\n  - ping:\n';

let dir: string;
let board: RunningEmulator;
let first: ChildProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-port-'));
  await writeFile(path.join(dir, 'hold.yaml'), HOLD);
  await writeFile(path.join(dir, 'ping.yaml'), PING);
  board = await startEmulator({ listen: 'pty' });
});
afterEach(async () => {
  first?.kill();
  await board.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The first run, in its own process; resolves once it has claimed the port (its run line). */
function startFirstRun(): Promise<{ pid: number; exit: Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'harness/src/cli/main.ts'),
      'run',
      path.join(dir, 'hold.yaml'),
      '--target',
      board.endpoint,
      '--no-report',
      '--no-progress',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  first = child;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/^run \S+: 1 scenario run/m.test(out)) resolve({ pid: child.pid ?? 0, exit });
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exit.then((code) =>
      reject(new Error(`first run ended (${String(code)}) before it started: ${out}`)),
    );
  });
}

describe('one run per board (a pty-backed emulator as the board)', () => {
  it(
    'fails a second run at once, naming the port and the process holding it',
    async () => {
      const { pid, exit } = await startFirstRun();
      const port = board.endpoint.replace(/^serial:\/\//, '').replace(/\?.*$/, '');
      const io = memoryIo(dir);
      const status = await runCli(
        ['run', 'ping.yaml', '--target', board.endpoint, '--no-report'],
        io,
      );
      expect(status).toBe(1);
      expect(io.stderr.text).toContain(
        `serial port ${port} is in use by another nanorpc-hil run (pid ${pid}: `,
      );
      expect(io.stderr.text).toContain('wait for it with --wait-for-port <duration>');
      expect(await exit).toBe(0);
    },
    LONG,
  );

  it(
    'waits for the port with --wait-for-port, then runs',
    async () => {
      const { exit } = await startFirstRun();
      const io = memoryIo(dir);
      const status = await runCli(
        ['run', 'ping.yaml', '--target', board.endpoint, '--no-report', '--wait-for-port', '60s'],
        io,
      );
      expect(io.stderr.text).toBe('');
      expect(status).toBe(0);
      expect(io.stdout.text).toContain('1 passed, 0 failed');
      expect(await exit).toBe(0);
    },
    LONG,
  );

  it('finds the processes that hold a device open in /proc', () => {
    const port = board.endpoint.replace(/^serial:\/\//, '').replace(/\?.*$/, '');
    const holders = processesHolding(port);
    expect(holders.length).toBeGreaterThan(0);
    expect(processesHolding('/dev/no-such-device')).toEqual([]);
  });
});
