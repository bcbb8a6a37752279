import { readFileSync } from 'node:fs';
import { runCli } from '../../src/cli/run-cli.js';
import { memoryIo } from './memory-io.js';

const manifest = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

describe('nanorpc-hil basic commands', () => {
  it('prints the version from harness/package.json', async () => {
    const io = memoryIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.stdout.text.trim()).toBe(manifest.version);
  });

  it('prints help listing the commands', async () => {
    const io = memoryIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.stdout.text).toContain('Usage: nanorpc-hil');
    expect(io.stdout.text).toContain('hash');
  });

  it('hashes a path as 0x%08x', async () => {
    const io = memoryIo();
    expect(await runCli(['hash', '/sys/info'], io)).toBe(0);
    expect(io.stdout.text).toMatch(/^0x[0-9a-f]{8}\n$/);
  });

  it('hashes the empty path to the FNV offset basis', async () => {
    const io = memoryIo();
    expect(await runCli(['hash', ''], io)).toBe(0);
    expect(io.stdout.text).toBe('0x811c9dc5\n');
  });

  it('exits 2 on an unknown option, saying which', async () => {
    const io = memoryIo();
    expect(await runCli(['hash', '--bogus', '/x'], io)).toBe(2);
    expect(io.stderr.text).toContain("unknown option '--bogus'");
    // Same prefix as every other message of the command, not commander's "error:".
    expect(io.stderr.text).toMatch(/^nanorpc-hil: unknown option '--bogus'$/m);
    expect(io.stderr.text).not.toContain('error:');
  });

  it('exits 2 on an unknown command', async () => {
    const io = memoryIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.stderr.text).toContain('frobnicate');
  });
});
