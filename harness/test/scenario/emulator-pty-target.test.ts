import type { RunningTarget } from '../../src/targets/target-provider.js';
import { expectPassed, runInline, startTarget } from '../support/scenario-on-target.js';

let target: RunningTarget;
beforeAll(async () => {
  target = await startTarget('emulator-pty');
});
afterAll(async () => {
  await target?.stop();
});

describe('the emulator-pty target (serial transport over a pseudo-terminal)', () => {
  it('is a serial target with a reset', () => {
    expect(target.transportKind).toBe('serial');
    expect(target.endpoint).toMatch(/^serial:\/\//);
    expect(target.reset).toBeDefined();
  });

  it('runs requests, survives garbage by resync, and reboots', async () => {
    const result = await runInline(
      target,
      `
name: serial
proto: demo_device.proto
targets: [serial]
steps:
  - ping:
  - request: { path: /calc/multiply, data: { json: { a: 3, b: 4 } }, expect: { data: { json: { product: 12 } } } }
  - request: { path: /sys/info, capture: { boots: json.bootCount } }
  - send-raw: { hex: "ff ff ff ff ff ff" }
  - expect-recovery: { within: 5s }
  - reboot: { method: request, within: 10s }
  - request: { path: /sys/info, expect: { data: { json: { bootCount: { $gt: "\${boots}" } } } } }
`,
    );
    expectPassed(result);
  });

  it('skips scenarios meant for stream transports', async () => {
    const result = await runInline(
      target,
      'name: tcp only\ntargets: [tcp, unix]\nsteps:\n  - ping:\n',
    );
    expect(result.verdict).toBe('skipped');
    expect(result.steps[0]?.message).toBe(
      'target emulator-pty (serial) is not in targets: [tcp, unix]',
    );
  });
});
