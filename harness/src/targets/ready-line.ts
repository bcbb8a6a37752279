import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { readLines, RecentLines } from './output-lines.js';
import { TargetStartError } from './target-start-error.js';

export type PipedChild = ChildProcessByStdio<null, Readable, Readable>;

export interface ReadyLineOptions {
  /** The line that means "ready"; its match is the result. */
  pattern: RegExp;
  /** e.g. "nanorpc-device" or "qemu-system-arm", for messages. */
  what: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Every other line of stdout and stderr, before and after the ready line. */
  log: (line: string) => void;
}

/**
 * Waits until `child` prints a line matching `pattern` on stdout. Rejects with TargetStartError
 * quoting its last output when it exits first, fails to start, or stays silent too long. Both
 * streams keep being read (and logged) afterwards, so the child never blocks on a full pipe.
 */
export function waitForReadyLine(
  child: PipedChild,
  options: ReadyLineOptions,
): Promise<RegExpExecArray> {
  const recent = new RecentLines();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, match?: RegExpExecArray): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error !== undefined) reject(error);
      else resolve(match as RegExpExecArray);
    };
    const onLine = (line: string): void => {
      const match = settled ? null : options.pattern.exec(line);
      if (match !== null) {
        finish(undefined, match);
        return;
      }
      recent.add(line);
      options.log(line);
    };
    readLines(child.stdout, onLine);
    readLines(child.stderr, onLine);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      const how = code !== null ? `with status ${code}` : `on ${signal ?? 'a signal'}`;
      finish(
        new TargetStartError(`${options.what} exited ${how} before it was ready${recent.quote()}`),
      );
    };
    const onError = (error: Error): void => {
      finish(
        new TargetStartError(`cannot start ${options.what}: ${error.message}`, { cause: error }),
      );
    };
    const onAbort = (): void => {
      finish(new TargetStartError(`starting ${options.what} was interrupted`));
    };
    const timer = setTimeout(() => {
      finish(
        new TargetStartError(
          `${options.what} printed no ready line within ${options.timeoutMs} ms${recent.quote()}`,
        ),
      );
    }, options.timeoutMs);
    child.once('exit', onExit);
    child.once('error', onError);
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.signal.aborted) onAbort();
  });
}
