import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TargetRegistry, UnknownTargetError } from '../../src/scenario/target-registry.js';

describe('target registry', () => {
  it('finds the built-in emulator targets in scenario/targets/', async () => {
    const registry = await TargetRegistry.discover();
    const names = registry.list().map((provider) => provider.name);
    expect(names).toEqual(expect.arrayContaining(['emulator', 'emulator-pty']));
    expect(registry.resolve('emulator').name).toBe('emulator');
  });

  it('takes an endpoint as a target and validates it at once', async () => {
    const registry = await TargetRegistry.discover();
    const target = await registry.resolve('unix:///tmp/device.sock').start({
      cwd: '/',
      faults: [],
      settings: {},
      log: () => undefined,
      signal: new AbortController().signal,
    });
    expect(target).toMatchObject({
      name: 'endpoint',
      endpoint: 'unix:///tmp/device.sock',
      transportKind: 'unix',
    });
    expect(target.reset).toBeUndefined();
    expect(() => registry.resolve('tcp://127.0.0.1:70000')).toThrow(
      expect.objectContaining({ code: 'ERR_BAD_ENDPOINT' }),
    );
    expect(() => registry.resolve('toaster')).toThrow(UnknownTargetError);
  });

  it('suggests the nearest built-in name for a misspelt target, and only a near one', async () => {
    const registry = await TargetRegistry.discover();
    expect(() => registry.resolve('emulator-ptty')).toThrow(
      'unknown target "emulator-ptty" (did you mean emulator-pty?): use an endpoint',
    );
    expect(() => registry.resolve('toaster')).toThrow(/^unknown target "toaster": use an endpoint/);
  });

  it('gives an endpoint target a reset through --target-option reset-command', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-reset-'));
    try {
      const registry = new TargetRegistry();
      const target = await registry.resolve('tcp://127.0.0.1:7000').start({
        cwd: dir,
        faults: [],
        settings: { 'reset-command': 'echo reset > marker.txt' },
        log: () => undefined,
        signal: new AbortController().signal,
      });
      await target.reset?.();
      const { readFile } = await import('node:fs/promises');
      expect((await readFile(path.join(dir, 'marker.txt'), 'utf8')).trim()).toBe('reset');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loads provider files from a folder, and survives a broken one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-targets-'));
    try {
      await writeFile(
        path.join(dir, 'fake-board.js'),
        "export const targetProvider = { name: 'fake-board', description: 'test', start: async () => { throw new Error('no board'); } };\n",
      );
      await writeFile(path.join(dir, 'helper.js'), 'export const notAProvider = 1;\n');
      await writeFile(path.join(dir, 'qemu.js'), "throw new Error('qemu is not installed');\n");
      const registry = await TargetRegistry.discover(dir);
      expect(registry.list().map((provider) => provider.name)).toEqual(['fake-board']);
      expect(() => registry.resolve('qemu')).toThrow(
        'target qemu could not be loaded: qemu is not installed',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
