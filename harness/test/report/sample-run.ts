import {
  encodeRequestFrame,
  encodeResponseBody,
  RequestType,
  ResponseType,
  Status,
  type TraceEvent,
} from '@nanorpc-sim/core';
import type { RunReport, TraceRecord } from '../../src/report/run-report.js';
import { traceRecordFromEvent } from '../../src/report/trace-record.js';

/*
 * A hand-built run for the report tests: a passing ping, a request scenario run twice, a failing
 * subscribe scenario with hostile strings, a reconnect over two links with raw and error frames,
 * and a skipped scenario. The trace is made of real encoded frames.
 */

export const HOSTILE = `<script>alert("x")</script> & 'quotes' ]]> \u0001\u001b`;
const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const LINK_A = 'client#1 tcp://127.0.0.1:4000';
const LINK_B = 'client#2 tcp://127.0.0.1:4000';
const LINK_C = 'client#3 tcp://127.0.0.1:4000';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

interface Frame {
  at: number;
  scenario: string;
  link: string;
  direction: 'tx' | 'rx';
  kind?: TraceEvent['kind'];
  bytes: Uint8Array;
  note?: string;
}

function tx(
  at: number,
  scenario: string,
  link: string,
  requestId: number,
  type: RequestType,
  path?: string,
  data: Uint8Array = new Uint8Array(),
): Frame {
  const frame = encodeRequestFrame({
    requestId,
    requestType: type,
    data,
    ...(path ? { path } : {}),
  });
  return { at, scenario, link, direction: 'tx', bytes: frame };
}

function rx(
  at: number,
  scenario: string,
  link: string,
  requestId: number,
  type: ResponseType,
  status: Status,
  data: Uint8Array = new Uint8Array(),
  responseMessage = '',
): Frame {
  const body = encodeResponseBody({
    requestId,
    responseType: type,
    responseStatus: status,
    responseMessage,
    data,
  });
  return { at, scenario, link, direction: 'rx', kind: 'body', bytes: body };
}

export function sampleTrace(): TraceRecord[] {
  const frames: Frame[] = [
    tx(1.5, 'ping answers', LINK_A, 1, RequestType.Ping),
    rx(2.1, 'ping answers', LINK_A, 1, ResponseType.Pong, Status.Ok),
    // iteration 1 and 2 of the same scenario on the same link id
    tx(
      1001,
      'multiply',
      LINK_A,
      3,
      RequestType.Request,
      '/calc/multiply',
      bytes(0x08, 0x06, 0x10, 0x07),
    ),
    rx(1003, 'multiply', LINK_A, 3, ResponseType.Response, Status.Ok, bytes(0x08, 0x2a)),
    tx(
      2001,
      'multiply',
      LINK_A,
      3,
      RequestType.Request,
      '/calc/multiply',
      bytes(0x08, 0x06, 0x10, 0x07),
    ),
    rx(2004, 'multiply', LINK_A, 3, ResponseType.Response, Status.Ok, bytes(0x08, 0x2a)),
    tx(3001, HOSTILE, LINK_A, 4, RequestType.Subscribe, '/sensors/temp'),
    rx(3002, HOSTILE, LINK_A, 4, ResponseType.Response, Status.Ok),
    rx(3010, HOSTILE, LINK_A, 4, ResponseType.Update, Status.Ok, bytes(0x08, 0x01)),
    rx(3020, HOSTILE, LINK_A, 4, ResponseType.Update, Status.Ok, bytes(0x08, 0x03)),
    tx(3030, HOSTILE, LINK_A, 5, RequestType.Request, '/test/fail'),
    rx(
      3031,
      HOSTILE,
      LINK_A,
      5,
      ResponseType.Response,
      Status.InternalError,
      new Uint8Array(),
      'handler <failed> & "stopped"',
    ),
    tx(4001, 'reboot drops the link', LINK_B, 1, RequestType.Request, '/sys/reboot'),
    rx(4002, 'reboot drops the link', LINK_B, 1, ResponseType.Response, Status.Ok),
    {
      at: 4100,
      scenario: 'reboot drops the link',
      link: LINK_C,
      direction: 'tx',
      kind: 'raw',
      bytes: bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
      note: 'oversize prefix',
    },
    {
      at: 4101,
      scenario: 'reboot drops the link',
      link: LINK_C,
      direction: 'rx',
      kind: 'error',
      bytes: bytes(0x0a, 0xff),
      note: 'ERR_TRUNCATED_FRAME: stream ended inside a frame',
    },
    tx(4200, 'reboot drops the link', LINK_C, 1, RequestType.Ping),
    rx(4201, 'reboot drops the link', LINK_C, 1, ResponseType.Pong, Status.Ok),
    // a body that is not a NanoRPCResponse at all
    {
      at: 4202,
      scenario: 'reboot drops the link',
      link: LINK_C,
      direction: 'rx',
      kind: 'body',
      bytes: bytes(0x0a, 0x05, 0x01),
    },
  ];
  return frames.map((frame, seq) =>
    traceRecordFromEvent(
      {
        time: T0 + frame.at,
        direction: frame.direction,
        link: frame.link,
        role: 'client',
        bytes: frame.bytes,
        kind: frame.kind ?? 'frame',
        ...(frame.note === undefined ? {} : { note: frame.note }),
      },
      frame.scenario,
      seq,
    ),
  );
}

const iso = (at: number): string => new Date(T0 + at).toISOString();

export function sampleReport(trace: TraceRecord[] = sampleTrace()): RunReport {
  return {
    tool: { name: 'nanorpc-hil', version: '0.1.0' },
    runId: 'run-2025-03-01T10-00-00',
    startedAt: iso(0),
    durationMs: 4400,
    target: { name: 'emulator <built-in>', endpoint: 'tcp://127.0.0.1:4000' },
    totals: { scenarios: 6, passed: 4, failed: 1, skipped: 1 },
    scenarios: [
      {
        name: 'ping answers',
        file: 'scenarios/ping/ping.yaml',
        tags: ['smoke'],
        iteration: 1,
        verdict: 'passed',
        startedAt: iso(1),
        durationMs: 2,
        links: [LINK_A],
        steps: [
          {
            index: 0,
            kind: 'connect',
            title: 'connect',
            verdict: 'passed',
            startMs: 0,
            durationMs: 0.4,
          },
          {
            index: 1,
            kind: 'ping',
            title: 'ping',
            verdict: 'passed',
            startMs: 0.5,
            durationMs: 0.7,
            latencyMs: 0.6,
          },
        ],
      },
      ...[1, 2].map((iteration) => ({
        name: 'multiply',
        file: 'scenarios/request/calc.multiply.yaml',
        tags: ['request'],
        iteration,
        verdict: 'passed' as const,
        startedAt: iso(iteration * 1000),
        durationMs: 5,
        links: [LINK_A],
        steps: [
          {
            index: 0,
            kind: 'request',
            title: 'request /calc/multiply 6*7',
            verdict: 'passed' as const,
            startMs: 1,
            durationMs: 2.5,
            latencyMs: iteration * 2,
          },
        ],
      })),
      {
        name: HOSTILE,
        file: 'scenarios/subscribe/<bad>&.yaml',
        tags: ['subscribe', '<b>tag</b>'],
        iteration: 1,
        verdict: 'failed',
        startedAt: iso(3000),
        durationMs: 40,
        links: [LINK_A],
        steps: [
          {
            index: 0,
            kind: 'subscribe',
            title: 'subscribe /sensors/temp',
            verdict: 'passed',
            startMs: 1,
            durationMs: 1.2,
            latencyMs: 1.1,
          },
          {
            index: 1,
            kind: 'request',
            title: 'request /test/fail',
            verdict: 'failed',
            startMs: 30,
            durationMs: 1,
            latencyMs: 1,
            message: `expected STATUS_OK, got STATUS_INTERNAL_ERROR ${HOSTILE}`,
            expected: { status: 'STATUS_OK', product: 42n },
            received: { status: 'STATUS_INTERNAL_ERROR', data: new Uint8Array([1, 2, 0xab]) },
          },
          {
            index: 2,
            kind: 'unsubscribe',
            title: 'unsubscribe',
            verdict: 'skipped',
            startMs: 31,
            durationMs: 0,
          },
        ],
        failure: {
          step: 1,
          message: `expected STATUS_OK, got STATUS_INTERNAL_ERROR ${HOSTILE}`,
          expected: { status: 'STATUS_OK' },
          received: { status: 'STATUS_INTERNAL_ERROR', message: 'handler <failed> & "stopped"' },
          lastFrames: trace.filter((r) => r.scenario === HOSTILE).slice(-2),
        },
      },
      {
        name: 'reboot drops the link',
        file: 'scenarios/reconnect/reboot.yaml',
        tags: ['reconnect'],
        iteration: 1,
        verdict: 'passed',
        startedAt: iso(4000),
        durationMs: 300,
        links: [LINK_B, LINK_C],
        steps: [
          {
            index: 0,
            kind: 'request',
            title: 'request /sys/reboot',
            verdict: 'passed',
            startMs: 1,
            durationMs: 1,
            latencyMs: 1,
          },
          {
            index: 1,
            kind: 'raw',
            title: 'send oversize prefix',
            verdict: 'passed',
            startMs: 100,
            durationMs: 1,
          },
          {
            index: 2,
            kind: 'ping',
            title: 'ping',
            verdict: 'passed',
            startMs: 200,
            durationMs: 1,
            latencyMs: 1,
          },
        ],
      },
      {
        name: 'needs a serial line',
        file: 'scenarios/errors/serial-only.yaml',
        tags: ['serial'],
        iteration: 1,
        verdict: 'skipped',
        startedAt: iso(4300),
        durationMs: 0,
        links: [],
        steps: [
          {
            index: 0,
            kind: 'require',
            title: 'require serial',
            verdict: 'skipped',
            startMs: 0,
            durationMs: 0,
            message: 'target is not a serial line',
          },
        ],
      },
    ],
  };
}
