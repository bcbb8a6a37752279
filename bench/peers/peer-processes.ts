import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeerReport } from './peer-report.js';

/** The repository root (bench/peers/ is two levels down). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REF_BIN = path.join(ROOT, 'interop/go-reference/bin');

/** `node --import tsx FILE`: the process is node itself, so its pid is the one to signal. */
export function tsxCommand(file: string, nodeFlags: string[] = []): string[] {
  return [process.execPath, ...nodeFlags, '--import', 'tsx', path.join(ROOT, file)];
}

/**
 * Child processes import the built packages (core/dist, emulator/dist), not the sources through
 * tsx: tsx's keepNames wraps every closure in a defineProperty call, which the tsc build users
 * run does not have, and which would show in the profile as the harness's own cost.
 */
const CHILD_ENV = {
  ...process.env,
  TSX_TSCONFIG_PATH: path.join(ROOT, 'bench/peers/tsconfig.dist.json'),
};

/** A server in its own process, up and listening. */
export interface PeerServer {
  readonly name: string;
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts `command` and waits for its "<tool>: listening <endpoint>" line on stdout (the Go
 * reference server, the emulator CLI and harness-server.ts all print one).
 */
export async function startServer(name: string, command: string[]): Promise<PeerServer> {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, {
    cwd: ROOT,
    env: CHILD_ENV,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`${name}: no "listening" line in 20 s`)),
      20_000,
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      seen += text;
      const match = /listening (\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening: ${seen}`));
    });
  });
  return { name, endpoint, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** Runs a load generator to completion and parses the JSON report it prints. */
export async function runLoad(command: string[]): Promise<PeerReport> {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, {
    cwd: ROOT,
    env: CHILD_ENV,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => (out += text));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${path.basename(file)} ${args.join(' ')} exited with ${code}`);
  return JSON.parse(out) as PeerReport;
}
