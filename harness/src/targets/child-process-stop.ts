import type { ChildProcess } from 'node:child_process';

/** How long a child gets to exit after SIGTERM before it is killed. */
export const STOP_GRACE_MS = 3000;

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Stops a child: SIGTERM, then SIGKILL when it has not exited within `graceMs`. Resolves once it
 * has exited, so nothing is left behind when a run (or a jest file) ends.
 */
export async function stopChildProcess(
  child: ChildProcess,
  graceMs: number = STOP_GRACE_MS,
): Promise<void> {
  if (exited(child) || child.pid === undefined) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, graceMs)) return;
  child.kill('SIGKILL');
  await waitForExit(child, graceMs);
}

/**
 * Kills the child if this process exits first (an uncaught error, process.exit in a command):
 * QEMU and the host firmware do not notice their parent is gone and would run on. `cleanUp`
 * runs then too (synchronous: nothing asynchronous runs at exit). Returns the function that
 * removes the hook (call it once the child is stopped).
 */
export function killWithParent(child: ChildProcess, cleanUp?: () => void): () => void {
  const onExit = (): void => {
    if (!exited(child)) child.kill('SIGKILL');
    cleanUp?.();
  };
  process.once('exit', onExit);
  return () => process.off('exit', onExit);
}
