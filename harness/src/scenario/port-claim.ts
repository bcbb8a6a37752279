import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NanoRpcError } from '@nanorpc-sim/core';
import { processAlive } from '../targets/process-alive.js';

/*
 * One run per board. Each scenario opens the serial port afresh (with serialport's exclusive
 * lock, `lock: true`), so between two scenarios the port is closed for a moment; a claim file
 * held for the whole run keeps a second nanorpc-hil run off the board even then, and lets it
 * name the run that holds it. Other programs holding the port are named from /proc.
 */

/** A second run on a board that is in use: the message names the port and its holders. */
export class PortBusyError extends NanoRpcError {
  declare readonly code: 'ERR_PORT_BUSY';

  constructor(message: string) {
    super('ERR_PORT_BUSY', message);
  }
}

/** How often --wait-for-port looks again. */
const RETRY_MS = 200;

function claimsDir(): string {
  return path.join(os.tmpdir(), 'nanorpc-hil-port-claims');
}

function canonical(port: string): string {
  try {
    return realpathSync(port);
  } catch {
    return path.resolve(port);
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Processes that have `device` open, from /proc/<pid>/fd (Linux; empty elsewhere). */
export function processesHolding(device: string): { pid: number; command: string }[] {
  const wanted = canonical(device);
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  const holders: { pid: number; command: string }[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    const holds = fds.some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === wanted;
      } catch {
        return false;
      }
    });
    if (holds) holders.push({ pid: Number(pid), command: commandOf(Number(pid)) });
  }
  return holders;
}

/** A held claim on a port; release() when the run ends. */
export interface PortClaim {
  readonly port: string;
  release(): Promise<void>;
}

async function tryClaim(port: string, file: string): Promise<PortClaim | { holder: number }> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    const handle = await open(file, 'wx');
    await handle.writeFile(`${JSON.stringify({ pid: process.pid, port })}\n`);
    await handle.close();
    return { port, release: () => rm(file, { force: true }) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number((/"pid":\s*(\d+)/.exec(text) ?? [])[1] ?? 0);
  if (pid > 0 && processAlive(pid)) return { holder: pid };
  // The run that claimed it is gone (killed): its claim is stale.
  await rm(file, { force: true });
  return tryClaim(port, file);
}

function busyMessage(port: string, holder: number, waitedMs: number | undefined): string {
  const others = processesHolding(port).filter((entry) => entry.pid !== holder);
  const command = commandOf(holder);
  return (
    `serial port ${port} is in use by another nanorpc-hil run (pid ${holder}${command === '' ? '' : `: ${command}`})` +
    (others.length > 0
      ? `; also open in ${others.map((entry) => `pid ${entry.pid} (${entry.command || '?'})`).join(', ')}`
      : '') +
    (waitedMs === undefined
      ? '; wait for it with --wait-for-port <duration>'
      : `; still in use after waiting ${Math.round(waitedMs / 1000)} s (--wait-for-port)`)
  );
}

/**
 * Claims `port` for this run, or throws PortBusyError at once naming the holder; with
 * `waitMs`, waits up to that long for the other run to end.
 */
export async function claimPort(
  port: string,
  options: { waitMs?: number; signal?: AbortSignal; log?: (line: string) => void } = {},
): Promise<PortClaim> {
  const device = canonical(port);
  const file = path.join(claimsDir(), `${device.replace(/[^\w.-]/g, '_')}.claim`);
  const deadline = performance.now() + (options.waitMs ?? 0);
  let told = false;
  for (;;) {
    const claim = await tryClaim(device, file);
    if ('release' in claim) return claim;
    if (options.waitMs === undefined)
      throw new PortBusyError(busyMessage(port, claim.holder, undefined));
    if (performance.now() >= deadline || options.signal?.aborted === true)
      throw new PortBusyError(busyMessage(port, claim.holder, options.waitMs));
    if (!told) options.log?.(`waiting for serial port ${port} (in use by pid ${claim.holder})`);
    told = true;
    await sleep(RETRY_MS);
  }
}
