import type { ScenarioResult } from '../../src/report/run-report.js';
import { parseScenario } from '../../src/scenario/scenario-loader.js';
import { runScenario } from '../../src/scenario/scenario-runner.js';
import type { RunningTarget } from '../../src/scenario/target-provider.js';
import { TargetRegistry } from '../../src/scenario/target-registry.js';
import { TraceRecorder } from '../../src/scenario/trace-recorder.js';

let target: RunningTarget;
beforeAll(async () => {
  target = await (await TargetRegistry.discover()).resolve('emulator-pty').start({
    cwd: process.cwd(),
    faults: [],
    settings: {},
    log: () => undefined,
    signal: new AbortController().signal,
  });
});
afterAll(async () => {
  await target?.stop();
});

async function run(yaml: string): Promise<ScenarioResult> {
  const plan = parseScenario(yaml, 'pty.yaml', process.cwd());
  return runScenario(plan, {
    target,
    recorder: new TraceRecorder(),
    payloads: plan.payloads,
    iteration: 1,
    cwd: process.cwd(),
  });
}

describe('the emulator-pty target (serial transport over a pseudo-terminal)', () => {
  it('is a serial target with a reset', () => {
    expect(target.transportKind).toBe('serial');
    expect(target.endpoint).toMatch(/^serial:\/\//);
    expect(target.reset).toBeDefined();
  });

  it('runs requests, survives garbage by resync, and reboots', async () => {
    const result = await run(`
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
`);
    if (result.verdict !== 'passed') {
      throw new Error(
        `${result.failure?.message}\n${result.steps.map((s) => `${s.verdict} ${s.title}`).join('\n')}`,
      );
    }
  });

  it('skips scenarios meant for stream transports', async () => {
    const result = await run('name: tcp only\ntargets: [tcp, unix]\nsteps:\n  - ping:\n');
    expect(result.verdict).toBe('skipped');
    expect(result.steps[0]?.message).toBe(
      'target emulator-pty (serial) is not in targets: [tcp, unix]',
    );
  });
});
