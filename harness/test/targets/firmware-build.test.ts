import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildLockPath } from '../../src/targets/build-lock.js';
import {
  buildFirmware,
  firmwareArtifact,
  firmwareDirectory,
  REPOSITORY_FIRMWARE_DIR,
} from '../../src/targets/firmware-build.js';
import { REPO_ROOT } from '../support/scenario-on-target.js';

let dir: string;
const signal = new AbortController().signal;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'firmware-build-'));
});
afterEach(async () => {
  await rm(buildLockPath(dir), { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

/** A firmware folder whose `host` goal runs `recipe` (one shell line) and makes the binary. */
async function fakeFirmware(recipe: string): Promise<void> {
  await writeFile(
    path.join(dir, 'Makefile'),
    `host:\n\t${recipe}\n\tmkdir -p build/host && touch build/host/nanorpc-device\n`,
  );
}

describe('firmware build', () => {
  it('defaults to the repository firmware folder, or firmware-dir relative to the run', () => {
    expect(REPOSITORY_FIRMWARE_DIR).toBe(path.join(REPO_ROOT, 'firmware') + path.sep);
    expect(firmwareDirectory({}, '/somewhere')).toBe(REPOSITORY_FIRMWARE_DIR);
    expect(firmwareDirectory({ 'firmware-dir': 'fw' }, '/somewhere')).toBe('/somewhere/fw');
  });

  it('runs make -s -C DIR host, logs its output and returns the binary', async () => {
    await fakeFirmware('@echo compiling');
    const lines: string[] = [];
    const binary = await buildFirmware('host', {
      firmwareDir: dir,
      log: (l) => lines.push(l),
      signal,
    });
    expect(binary).toBe(path.join(dir, 'build/host/nanorpc-device'));
    expect(lines).toEqual([`make -s -C ${dir} host`, 'compiling']);
  });

  it('fails with make output when the build fails', async () => {
    await fakeFirmware('@echo "main.c:1: error: expected ;" >&2; exit 3');
    await expect(
      buildFirmware('host', { firmwareDir: dir, log: () => undefined, signal }),
    ).rejects.toMatchObject({
      code: 'ERR_TARGET_START',
      message: expect.stringMatching(
        /make host in .* failed with status 2\n {2}main\.c:1: error: expected ;/,
      ),
    });
  });

  it('says which setting to give when there is no firmware folder', async () => {
    await expect(
      buildFirmware('qemu', {
        firmwareDir: path.join(dir, 'missing'),
        log: () => undefined,
        signal,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_TARGET_START',
      message: expect.stringContaining('image=PATH'),
    });
  });

  it('fails when make succeeds without making the file', async () => {
    await writeFile(path.join(dir, 'Makefile'), 'host:\n\t@true\n');
    await expect(
      buildFirmware('host', { firmwareDir: dir, log: () => undefined, signal }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('does not exist'),
    });
  });

  it('runs one make at a time per firmware folder', async () => {
    const journal = path.join(dir, 'journal');
    await fakeFirmware(`@echo start >> ${journal}; sleep 0.3; echo end >> ${journal}`);
    const options = { firmwareDir: dir, log: () => undefined, signal };
    await Promise.all([
      buildFirmware('host', options),
      buildFirmware('host', options),
      buildFirmware('host', options),
    ]);
    expect((await readFile(journal, 'utf8')).trim().split('\n')).toEqual([
      'start',
      'end',
      'start',
      'end',
      'start',
      'end',
    ]);
  });

  it('takes over a lock left by a process that is gone', async () => {
    await fakeFirmware('@true');
    const gone = spawnSync('true').pid; // exited already
    await mkdir(buildLockPath(dir));
    await writeFile(path.join(buildLockPath(dir), 'owner'), String(gone));
    const lines: string[] = [];
    await buildFirmware('host', { firmwareDir: dir, log: (l) => lines.push(l), signal });
    expect(lines).toEqual([`make -s -C ${dir} host`]);
  });

  it('uses a prebuilt file as it is, relative to the run folder', async () => {
    await writeFile(path.join(dir, 'device'), '');
    const lines: string[] = [];
    const start = { cwd: dir, settings: { binary: 'device' }, signal };
    expect(await firmwareArtifact('host', 'binary', start, (l) => lines.push(l))).toBe(
      path.join(dir, 'device'),
    );
    expect(lines).toEqual([]); // no make
  });
});
