import type { Readable } from 'node:stream';

/** Calls `onLine` for each line `stream` prints (without the newline), including a last partial one. */
export function readLines(stream: Readable, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let end = pending.indexOf('\n');
    while (end >= 0) {
      onLine(pending.slice(0, end).replace(/\r$/, ''));
      pending = pending.slice(end + 1);
      end = pending.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (pending !== '') onLine(pending);
    pending = '';
  });
}

/** The last few lines a program printed, quoted when it fails. */
export class RecentLines {
  private readonly lines: string[] = [];

  constructor(private readonly limit = 20) {}

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.shift();
  }

  /** The lines, indented for an error message, or '' when there are none. */
  quote(): string {
    return this.lines.length === 0 ? '' : `\n  ${this.lines.join('\n  ')}`;
  }
}
