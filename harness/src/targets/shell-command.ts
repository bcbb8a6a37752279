import { spawn } from 'node:child_process';

/**
 * Runs a user's shell command (a board reset script) and resolves with its exit code; output
 * lines go to `log`. Rejects when the command cannot start or the signal aborts (it is killed).
 */
export function runShellCommand(
  command: string,
  options: { cwd: string; signal: AbortSignal; log?: (line: string) => void },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      cwd: options.cwd,
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forward = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') options.log?.(line);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    const onAbort = (): void => {
      child.kill('SIGTERM');
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => {
      options.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('close', (code, signal) => {
      options.signal.removeEventListener('abort', onAbort);
      if (options.signal.aborted) reject(options.signal.reason as Error);
      else resolve(code ?? (signal === null ? 0 : 128));
    });
  });
}
