import {
  encodeResponseFrame,
  decodeRequest,
  FrameDecoder,
  RequestType,
  ResponseType,
  Status,
} from '@nanorpc-sim/core';
import type { RunningTarget } from '../../src/targets/target-provider.js';
import { listenLoopback, type LoopbackServer } from '../../../core/test/support/loopback-server.js';
import { runInline, startTarget } from '../support/scenario-on-target.js';

describe('failing scenarios say what went wrong', () => {
  let target: RunningTarget;
  beforeAll(async () => {
    target = await startTarget('emulator');
  });
  afterAll(async () => {
    await target?.stop();
  });

  it('reports expected, received, the step line and the last frames', async () => {
    const result = await runInline(
      target,
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
    const within = await runInline(
      target,
      `name: no updates
steps:
  - subscribe: { path: /sensors/temp }
  - expect-updates: { count: 2, within: 150ms }
`,
    );
    expect(within.failure?.message).toBe(
      'step 2 (expect-updates, line 4): no 2 update(s) of subscription "/sensors/temp" within 150 ms: received 0',
    );
    const limit = await runInline(
      target,
      `name: step limit
steps:
  - subscribe: { path: /sensors/temp, as: t }
  - timeout: 200ms
    expect-updates: { subscription: t, count: 1 }
`,
    );
    expect(limit.failure?.message).toBe(
      'step 2 (expect-updates, line 4): the step time limit of 200 ms was reached while waiting for 1 update(s) of subscription "t" (ERR_TIME_LIMIT)',
    );
    const scenario = await runInline(
      target,
      `name: scenario limit
timeout: 300ms
steps:
  - wait: 5s
`,
    );
    expect(scenario.failure?.message).toContain(
      'the scenario time limit of 300 ms was reached while waiting for the end of a 5 s wait',
    );
  });

  it('fails a wrong status with the message the device sent', async () => {
    const result = await runInline(target, 'name: s\nsteps:\n  - request: { path: /test/fail }\n');
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
    const result = await runInline(closed, 'name: c\nsteps:\n  - ping:\n');
    expect(result.verdict).toBe('failed');
    expect(result.failure?.message).toMatch(/^setup: cannot connect to tcp:\/\/127\.0\.0\.1:1: /);
  });
});

/**
 * A device that breaks the protocol on purpose: after acknowledging an unsubscribe it sends one
 * more update with the subscription's id.
 */
function startMisbehavingDevice(): Promise<LoopbackServer> {
  return listenLoopback((socket) => {
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
}

describe('a frame after the unsubscribe acknowledgement', () => {
  it('fails the unsubscribe step with quiet, and the scenario without', async () => {
    const device = await startMisbehavingDevice();
    const target: RunningTarget = {
      name: 'endpoint',
      endpoint: device.address,
      transportKind: 'tcp',
      stop: async () => undefined,
    };
    try {
      const quiet = await runInline(
        target,
        'name: q\nsteps:\n  - subscribe: { path: /t }\n  - unsubscribe: { quiet: 200ms }\n',
      );
      expect(quiet.failure?.message).toMatch(
        /^step 2 \(unsubscribe, line 4\): 1 frame\(s\) with id \d+ arrived after the unsubscribe acknowledgement$/,
      );
      const later = await runInline(
        target,
        'name: l\nsteps:\n  - subscribe: { path: /t }\n  - unsubscribe:\n  - wait: 200ms\n  - ping:\n',
      );
      expect(later.failure?.message).toMatch(
        /^before step 4 \(ping, line 6\): a frame with request id \d+ \(TYPE_UPDATE\) arrived after the unsubscribe of "\/t" was acknowledged$/,
      );
    } finally {
      await device.close();
    }
  });
});
