import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PtyPair } from '../../src/transport/pty-pair.js';

/** A socat pty pair in a fresh temporary folder, removed again by close(). */
export interface TempPtyPair {
  /** Link to the end a host (client) opens. */
  readonly host: string;
  /** Link to the end a device (server) opens. */
  readonly device: string;
  close(): Promise<void>;
}

export async function openTempPtyPair(startTimeoutMs = 10_000): Promise<TempPtyPair> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-pty-'));
  try {
    const pair = await PtyPair.open({ dir, startTimeoutMs });
    return {
      host: pair.hostPath,
      device: pair.devicePath,
      close: async () => {
        await pair.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
