import { createServer, type Server, type Socket } from 'node:net';
import { encodeResponseFrame, decodeRequest } from '../../src/protocol/codec.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { RequestType, ResponseType, Status } from '../../src/protocol/messages.js';
import type { ScenarioResult } from '../../src/report/run-report.js';
import { parseScenario } from '../../src/scenario/scenario-loader.js';
import { runScenario } from '../../src/scenario/scenario-runner.js';
import type { RunningTarget } from '../../src/scenario/target-provider.js';
import { TargetRegistry } from '../../src/scenario/target-registry.js';
import { TraceRecorder } from '../../src/scenario/trace-recorder.js';

async function run(yaml: string, target: RunningTarget): Promise<ScenarioResult> {
  const plan = parseScenario(yaml, 'failing.yaml', process.cwd());
  return runScenario(plan, {
    target,
    recorder: new TraceRecorder(),
    payloads: plan.payloads,
    iteration: 1,
    cwd: process.cwd(),
  });
}

describe('failing scenarios say what went wrong', () => {
  let target: RunningTarget;
  beforeAll(async () => {
    target = await (await TargetRegistry.discover()).resolve('emulator').start({
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

  it('reports expected, received, the step line and the last frames', async () => {
    const result = await run(
      `name: wrong product
proto: demo_device.proto
steps:
  - ping:
  - request:
      path: /calc/multiply
      data: { json: { a: 6, b: 7 } }
      expect: { data: { json: { product: 41 } } }
  - ping:
`,
      target,
    );
    expect(result.verdict).toBe('failed');
    const failure = result.failure;
    expect(failure?.message).toBe(
      'step 2 (request, line 5): request /calc/multiply: data.json.product: expected 41, received "42"',
    );
    expect(failure?.expected).toMatchObject({
      status: 'STATUS_OK',
      data: { json: { product: 41 } },
    });
    expect(failure?.received).toMatchObject({
      status: 'STATUS_OK',
      data: { json: { product: '42' } },
    });
    const directions = failure?.lastFrames.map(
      (frame) =>
        `${frame.direction} ${String(frame.decoded?.['requestType'] ?? frame.decoded?.['responseType'])}`,
    );
    expect(directions).toEqual([
      'tx TYPE_PING',
      'rx TYPE_PONG',
      'tx TYPE_REQUEST',
      'rx TYPE_RESPONSE',
    ]);
    expect(result.steps.map((step) => step.verdict)).toEqual([
      'passed',
      'passed',
      'failed',
      'skipped',
    ]);
  });

  it('says what a timeout was waiting for (within bound and step limit)', async () => {
    const within = await run(
      `name: no updates
steps:
  - subscribe: { path: /sensors/temp }
  - expect-updates: { count: 2, within: 150ms }
`,
      target,
    );
    expect(within.failure?.message).toBe(
      'step 2 (expect-updates, line 4): no 2 update(s) of subscription "/sensors/temp" within 150 ms: received 0',
    );
    const limit = await run(
      `name: step limit
steps:
  - subscribe: { path: /sensors/temp, as: t }
  - timeout: 200ms
    expect-updates: { subscription: t, count: 1 }
`,
      target,
    );
    expect(limit.failure?.message).toBe(
      'step 2 (expect-updates, line 4): the step time limit of 200 ms was reached while waiting for 1 update(s) of subscription "t" (ERR_TIME_LIMIT)',
    );
    const scenario = await run(
      `name: scenario limit
timeout: 300ms
steps:
  - wait: 5s
`,
      target,
    );
    expect(scenario.failure?.message).toContain(
      'the scenario time limit of 300 ms was reached while waiting for the end of a 5 s wait',
    );
  });

  it('fails a wrong status with the message the device sent', async () => {
    const result = await run('name: s\nsteps:\n  - request: { path: /test/fail }\n', target);
    expect(result.failure?.message).toMatch(
      /^step 1 \(request, line 3\): request \/test\/fail: status: expected STATUS_OK, received STATUS_INTERNAL_ERROR \(message ".+"\)$/,
    );
  });

  it('fails a connect to a closed port in setup', async () => {
    const closed: RunningTarget = {
      name: 'endpoint',
      endpoint: 'tcp://127.0.0.1:1',
      transportKind: 'tcp',
      stop: async () => undefined,
    };
    const result = await run('name: c\nsteps:\n  - ping:\n', closed);
    expect(result.verdict).toBe('failed');
    expect(result.failure?.message).toMatch(/^setup: cannot connect to tcp:\/\/127\.0\.0\.1:1: /);
  });
});

/**
 * A device that breaks the protocol on purpose: after acknowledging an unsubscribe it sends one
 * more update with the subscription's id.
 */
function startMisbehavingDevice(): Promise<{
  server: Server;
  endpoint: string;
  sockets: Set<Socket>;
}> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const subscribed = new Set<number>();
    const send = (requestId: number, responseType: number): void => {
      socket.write(
        encodeResponseFrame({
          requestId,
          responseType,
          responseStatus: Status.Ok,
          responseMessage: '',
          data: new Uint8Array([1]),
        }),
      );
    };
    const decoder = new FrameDecoder((body) => {
      const request = decodeRequest(body);
      if (request.requestType === RequestType.Ping) send(request.requestId, ResponseType.Pong);
      else if (request.requestType === RequestType.Subscribe) {
        subscribed.add(request.requestId);
        send(request.requestId, ResponseType.Response);
      } else if (subscribed.has(request.requestId) && request.data.length === 0) {
        send(request.requestId, ResponseType.Response);
        send(request.requestId, ResponseType.Update);
      } else send(request.requestId, ResponseType.Response);
    });
    socket.on('data', (chunk) => decoder.push(chunk));
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ server, endpoint: `tcp://127.0.0.1:${address.port}`, sockets });
    });
  });
}

describe('a frame after the unsubscribe acknowledgement', () => {
  it('fails the unsubscribe step with quiet, and the scenario without', async () => {
    const device = await startMisbehavingDevice();
    const target: RunningTarget = {
      name: 'endpoint',
      endpoint: device.endpoint,
      transportKind: 'tcp',
      stop: async () => undefined,
    };
    try {
      const quiet = await run(
        'name: q\nsteps:\n  - subscribe: { path: /t }\n  - unsubscribe: { quiet: 200ms }\n',
        target,
      );
      expect(quiet.failure?.message).toMatch(
        /^step 2 \(unsubscribe, line 4\): 1 frame\(s\) with id \d+ arrived after the unsubscribe acknowledgement$/,
      );
      const later = await run(
        'name: l\nsteps:\n  - subscribe: { path: /t }\n  - unsubscribe:\n  - wait: 200ms\n  - ping:\n',
        target,
      );
      expect(later.failure?.message).toMatch(
        /^before step 4 \(ping, line 6\): a frame with request id \d+ \(TYPE_UPDATE\) arrived after the unsubscribe of "\/t" was acknowledged$/,
      );
    } finally {
      for (const socket of device.sockets) socket.destroy();
      await new Promise((resolve) => device.server.close(resolve));
    }
  });
});
