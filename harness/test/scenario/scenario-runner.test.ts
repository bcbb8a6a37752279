import type { ScenarioResult } from '../../src/report/run-report.js';
import type { RunningTarget } from '../../src/targets/target-provider.js';
import { expectPassed, runInline, startTarget } from '../support/scenario-on-target.js';

let target: RunningTarget;

beforeAll(async () => {
  target = await startTarget('emulator');
});

afterAll(async () => {
  await target?.stop();
});

function run(yaml: string): Promise<ScenarioResult> {
  return runInline(target, yaml);
}

describe('scenario runner against the emulator over TCP', () => {
  it('passes ping, typed request, echo and errors', async () => {
    const result = await run(`
name: basics
proto: demo_device.proto
steps:
  - ping: { capture: { rtt: latencyMs } }
  - request:
      path: /calc/multiply
      data: { json: { a: 6, b: -7 } }
      expect: { data: { json: { product: -42 } }, within: 2s }
      capture: { product: json.product }
  - request: { path: /echo, data: { utf8: "p=\${product}" }, expect: { data: { utf8: "p=-42" } } }
  - request: { path: /echo, hashPath: true, data: { hex: "00 ff" }, expect: { data: { hex: "00", match: prefix } } }
  - request: { path: /no/such, expect: { status: NOT_FOUND } }
  - request: { path: /test/fail, expect: { status: INTERNAL_ERROR, message: { pattern: ".+" } } }
  - request: { path: /test/forbidden, expect: { status: NOT_AUTHORIZED } }
  - request:
      path: /sys/info
      expect: { data: { json: { maxFrameSize: { $gte: 64 }, deviceName: { $pattern: ".+" } } } }
`);
    expectPassed(result);
    expect(result.steps.filter((s) => s.verdict === 'passed')).toHaveLength(9);
    expect(result.steps.map((step) => step.path)).toEqual([
      undefined,
      undefined,
      '/calc/multiply',
      '/echo',
      '/echo',
      '/no/such',
      '/test/fail',
      '/test/forbidden',
      '/sys/info',
    ]);
    expect(result.links.length).toBeGreaterThan(0);
  });

  it('subscribes with a filter, checks updates, unsubscribes and stays quiet', async () => {
    const result = await run(`
name: subscriptions
proto: demo_device.proto
steps:
  - subscribe: { path: /sensors/temp, as: warm, filter: { json: { minMilliCelsius: 20000 } } }
  - subscribe: { path: /sensors/temp, as: all }
  - request:
      path: /test/publish
      data: { json: { count: 4, startMilliCelsius: 19000, stepMilliCelsius: 1000 } }
      expect: { data: { json: { published: 4 } } }
  - expect-updates:
      subscription: warm
      count: 3
      within: 2s
      updates:
        - { json: { milliCelsius: 20000 } }
        - { json: { milliCelsius: 21000 } }
        - { json: { milliCelsius: 22000 } }
      each: { json: { milliCelsius: { $gte: 20000 } } }
      increasing: sequence
      noMoreFor: 100ms
      capture: { last: json.sequence, n: count }
  - expect-updates:
      subscription: all
      count: 4
      ordered: false
      updates: [{ json: { milliCelsius: 22000 } }, { json: { milliCelsius: 19000 } }]
  - expect-no-updates: { subscription: all, for: 50ms }
  - unsubscribe: { subscription: warm, quiet: 100ms }
  - request:
      path: /test/publish
      data: { json: { count: 1, startMilliCelsius: 30000 } }
      expect: { data: { json: { published: 1, delivered: 1 } } }
  - expect-updates: { subscription: all, count: 1, updates: [{ json: { sequence: { $gt: "\${last}" } } }] }
  - subscribe: { path: /no/such/topic, expect: { status: NOT_FOUND } }
`);
    expectPassed(result);
  });

  it('pipelines async requests and repeats blocks with a counter', async () => {
    const result = await run(`
name: async and repeat
steps:
  - request: { path: /echo, data: { utf8: one }, async: true, as: first }
  - request: { path: /echo, data: { utf8: two }, async: true, as: second }
  - expect-response: { request: second, data: { utf8: two }, within: 2s }
  - expect-response: { request: first, data: { utf8: one }, capture: { t: latencyMs } }
  - set: { prefix: "n" }
  - repeat:
      times: 3
      as: i
      steps:
        - request: { path: /echo, data: { utf8: "\${prefix}\${i}" }, expect: { data: { utf8: "n\${i}" } } }
`);
    expectPassed(result);
    // connect + 4 + set + 3 nested requests + the repeat itself
    expect(
      result.steps.filter((step) => step.kind === 'request' && step.title.includes('[i=')),
    ).toHaveLength(3);
  });

  it('sends raw frames and sees the answers, the silence and the recovery', async () => {
    const result = await run(`
name: raw frames
steps:
  - send-raw: { request: { requestId: 900, type: REQUEST, path: /echo, data: { utf8: hi } } }
  - expect-frame: { requestId: 900, type: RESPONSE, status: OK, data: { utf8: hi }, within: 2s }
  - send-raw: { request: { requestId: 901, type: UNSPECIFIED, path: /echo } }
  - expect-silence: { for: 200ms, requestId: 901 }
  - send-raw: { hex: "ff ff ff ff 0f" }
  - expect-disconnect: { within: 2s }
  - expect-reconnect: { within: 5s }
  - expect-recovery: { within: 5s }
  - ping:
`);
    expectPassed(result);
  });

  it('reboots through the target and through /sys/reboot', async () => {
    const result = await run(`
name: reboot
proto: demo_device.proto
steps:
  - request: { path: /sys/info, capture: { boots: json.bootCount } }
  - reboot: { within: 10s }
  - request: { path: /sys/info, expect: { data: { json: { bootCount: { $gt: "\${boots}" } } } }, capture: { boots: json.bootCount } }
  - reboot: { method: request, within: 10s }
  - request: { path: /sys/info, expect: { data: { json: { bootCount: { $gt: "\${boots}" } } } } }
`);
    expectPassed(result);
  });
});
