import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { NanoRpcClient } from '@nanorpc-sim/core';

export const MIB = 1024 * 1024;

/** heapUsed after a full collection (node --expose-gc). */
export function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * RSS of the device processes this process started (nanorpc-device, qemu-system-arm), summed;
 * undefined when the device runs in this process (the emulators: its heap is in heapUsed).
 */
export function deviceRssBytes(): number | undefined {
  let pids: string[];
  try {
    pids = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).split('\n');
  } catch {
    return undefined;
  }
  let total = 0;
  let found = false;
  for (const pid of pids.filter((line) => line !== '')) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const name = /^Name:\s+(\S+)/m.exec(status)?.[1] ?? '';
      if (!/^(nanorpc-device|qemu-system)/.test(name)) continue;
      total += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
      found = true;
    } catch {
      // The process ended between pgrep and the read.
    }
  }
  return found ? total : undefined;
}

/** Listeners on the client and on its current transport, by event name. */
export function listenerCounts(client: NanoRpcClient): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of client.eventNames())
    counts[`client.${String(name)}`] = client.listenerCount(name);
  const transport = client.transport as unknown as NodeJS.EventEmitter | undefined;
  for (const name of ['data', 'close', 'notice']) {
    counts[`transport.${name}`] = transport?.listenerCount(name) ?? -1;
  }
  return counts;
}
