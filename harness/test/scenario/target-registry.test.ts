import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { BUILT_IN_TARGETS } from '../../src/targets/built-in-targets.js';
import { TargetRegistry, UnknownTargetError } from '../../src/targets/target-registry.js';
import { memoryIo } from '../cli/memory-io.js';

describe('target registry', () => {
  it('lists the built-in targets, each saying whether it accepts faults', () => {
    const registry = TargetRegistry.builtIn();
    expect(registry.list().map((provider) => [provider.name, provider.acceptsFaults])).toEqual([
      ['emulator', true],
      ['emulator-pty', true],
      ['firmware-host', false],
      ['firmware-host-pty', false],
      ['qemu', false],
    ]);
    expect(registry.resolve('emulator')).toBe(BUILT_IN_TARGETS[0]);
  });

  it('takes an endpoint as a target and validates it at once', async () => {
    const registry = TargetRegistry.builtIn();
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

  it('suggests the nearest built-in name for a misspelt target, and only a near one', () => {
    const registry = TargetRegistry.builtIn();
    expect(() => registry.resolve('emulator-ptty')).toThrow(
      'unknown target "emulator-ptty" (did you mean emulator-pty?): use an endpoint',
    );
    expect(() => registry.resolve('toaster')).toThrow(/^unknown target "toaster": use an endpoint/);
  });

  it('puts the fault proxy in front of other targets, refusing what it cannot apply, and unknown settings', () => {
    const registry = TargetRegistry.builtIn();
    expect(registry.select('emulator', { faults: ['latency=20'], settings: {} })).toBe(
      registry.get('emulator'),
    );
    const proxied = registry.select('tcp://127.0.0.1:7000', { faults: ['drop=0.1'], settings: {} });
    expect(proxied).toMatchObject({ name: 'endpoint', acceptsFaults: true });
    expect(() =>
      registry.select('tcp://127.0.0.1:7000', { faults: ['silent=/echo'], settings: {} }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_FAULTS_NOT_ACCEPTED',
        message: expect.stringContaining("silent act on the device's handlers"),
      }),
    );
    expect(() =>
      registry.select('serial:///dev/ttyACM0?reset=dtr', { faults: ['latency=5'], settings: {} }),
    ).toThrow(expect.objectContaining({ message: expect.stringContaining('reset=dtr') }));
    expect(() => registry.select('firmware-host', { faults: ['drop=2'], settings: {} })).toThrow(
      expect.objectContaining({ code: 'ERR_FAULTS_NOT_ACCEPTED' }),
    );
    expect(() => registry.select('qemu', { faults: [], settings: { imag: 'x.elf' } })).toThrow(
      expect.objectContaining({
        code: 'ERR_UNKNOWN_TARGET_SETTING',
        message: expect.stringContaining('(did you mean image?)'),
      }),
    );
  });

  it('makes `run --fault` that the proxy cannot apply a usage error (exit 2) before anything starts', async () => {
    const io = memoryIo();
    const status = await runCli(
      ['run', 'scenarios', '--target', 'firmware-host', '--fault', 'slow=/echo:100', '--no-report'],
      io,
    );
    expect(status).toBe(2);
    expect(io.stderr.text).toBe(
      "nanorpc-hil: --fault: slow act on the device's handlers, which only the emulator can do; " +
        'target firmware-host gets link faults through the fault proxy ' +
        '(latency, jitter, baud, drop, corrupt, disconnect-after, seed)\n',
    );
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
      expect((await readFile(path.join(dir, 'marker.txt'), 'utf8')).trim()).toBe('reset');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
