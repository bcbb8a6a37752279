import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Two linked pseudo-terminals made by socat: bytes written to one come out of the other. */
export interface PtyPair {
  /** Link to the "host" end. */
  readonly host: string;
  /** Link to the "device" end. */
  readonly device: string;
  close(): Promise<void>;
}

/** Spawns `socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B` and waits for both links. */
export async function openPtyPair(timeoutMs = 10_000): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'nanorpc-pty-'));
  const host = join(dir, 'host');
  const device = join(dir, 'device');
  const socat: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${device}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  socat.stderr?.on('data', (data) => (stderr += String(data)));
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const close = async (): Promise<void> => {
    if (running) {
      socat.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!existsSync(host) || !existsSync(device)) {
    if (!running || Date.now() > deadline) {
      await close();
      throw new Error(`socat did not create the pty links: ${stderr.trim() || 'no output'}`);
    }
    await sleep(10);
  }
  return { host, device, close };
}
