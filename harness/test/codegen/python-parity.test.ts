import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES, REPO_ROOT, runGen, tempDir } from './run-gen.js';

/**
 * The firmware builds (make, PlatformIO's nanorpc_codegen.py, the real-board envs) keep
 * scripts/firmware/gen_path_hashes.py: CI builds firmware before it builds the harness, and a
 * board build must not need Node. This proves the two generators write the same header, so
 * the firmware's C is what `nanorpc-hil gen c` gives.
 */
const PROTOS = [
  path.join(REPO_ROOT, 'proto', 'demo_device.proto'),
  path.join(REPO_ROOT, 'firmware', 'examples', 'thermostat', 'proto', 'thermostat.proto'),
  path.join(FIXTURES, 'greenhouse.proto'),
];

describe('gen c and gen_path_hashes.py', () => {
  let out: string;
  beforeAll(async () => {
    out = await tempDir('parity');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it.each(PROTOS)('write the same <stem>_paths.h for %s', async (proto) => {
    const stem = path.basename(proto, '.proto');
    const python = path.join(out, `${stem}.python.h`);
    execFileSync('python3', [
      path.join(REPO_ROOT, 'scripts', 'firmware', 'gen_path_hashes.py'),
      proto,
      python,
    ]);
    const gen = await runGen(['c', proto, '--out', out, '--no-handlers']);
    expect(gen.status).toBe(0);
    const node = readFileSync(path.join(out, `${stem}_paths.h`), 'utf8');
    expect(node).toMatch(/_HASH 0x[0-9a-f]{8}u\n/);
    expect(node).toBe(readFileSync(python, 'utf8'));
  });
});
