import type { CliIo, CliOutput } from '../../src/cli/cli-io.js';

/** A CliOutput that keeps what was written, for asserting on the command's output. */
export class MemoryOutput implements CliOutput {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface MemoryIo extends CliIo {
  stdout: MemoryOutput;
  stderr: MemoryOutput;
  controller: AbortController;
}

export function memoryIo(cwd: string = process.cwd(), options: { tty?: boolean } = {}): MemoryIo {
  const controller = new AbortController();
  return {
    stdout: new MemoryOutput(options.tty ?? false),
    stderr: new MemoryOutput(false),
    cwd,
    env: {},
    signal: controller.signal,
    controller,
  };
}
