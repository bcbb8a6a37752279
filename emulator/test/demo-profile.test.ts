import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_PROTO_DIR as PROTO_DIR } from '../../core/test/support/repo-paths.js';
import { DemoProfile, ProfileError } from '../src/demo-profile.js';

describe('DemoProfile', () => {
  it('reads every path of the demo service from its request_path options', () => {
    const profile = DemoProfile.load();
    expect(profile.methods.map((method) => [method.name, method.path])).toEqual([
      ['GetInfo', '/sys/info'],
      ['Echo', '/echo'],
      ['Multiply', '/calc/multiply'],
      ['Led', '/gpio/led'],
      ['SubscribeTemperature', '/sensors/temp'],
      ['Publish', '/test/publish'],
      ['Fail', '/test/fail'],
      ['Forbidden', '/test/forbidden'],
      ['Reboot', '/sys/reboot'],
    ]);
    const temperature = profile.method('SubscribeTemperature');
    expect(temperature.subscription).toBe(true);
    expect(temperature.request.fullName).toBe('.demo.TempFilter');
    expect(temperature.response.fullName).toBe('.demo.TempReading');
    expect(profile.methodAt('/calc/multiply')?.response.fullName).toBe('.demo.MultiplyResponse');
    expect(() => profile.method('Nope')).toThrow(ProfileError);
  });

  it('refuses a service rpc that has no path', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'demo-profile-'));
    try {
      const source = await readFile(path.join(PROTO_DIR, 'demo_device.proto'), 'utf8');
      await writeFile(
        path.join(dir, 'demo_device.proto'),
        source.replace('option (nanorpc).request_path = "/echo";', ''),
      );
      expect(() => DemoProfile.load(dir)).toThrow(
        /rpc demo.DemoDevice.Echo has no \(nanorpc\).request_path option/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
