import { fnv1a32, parseStatus, Status } from '@nanorpc-sim/core';
import type { TraceRecord } from '../../report/run-report.js';
import { applyCapture } from '../capture.js';
import { matchData } from '../data-match.js';
import { optionalDurationMs } from '../duration.js';
import type { PlanSpec } from '../scenario-plan.js';
import type { ObservedRequest } from '../scripted-server.js';
import type { StepContext, StepExecutor } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

export const expectConnection: StepExecutor<'expect-connection'> = async (spec, context) => {
  const server = context.server();
  const started = performance.now();
  await context.waitingFor(
    `a client to connect to ${server.endpoint}`,
    server.changes.until(() => (server.pendingConnections > 0 ? true : undefined), {
      what: `client connection to ${server.endpoint}`,
      timeoutMs: optionalDurationMs(spec.within),
      signal: context.signal,
    }),
  );
  server.pendingConnections--;
  return { latencyMs: performance.now() - started };
};

export const serve: StepExecutor<'serve'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const status =
    spec.status === undefined || spec.status === 'any'
      ? Status.Ok
      : (parseStatus(spec.status) as number);
  context.server().serve(spec.path, {
    status,
    message: spec.message ?? '',
    data: context.payloads.encode(spec.data, spec.path, 'response', 'serve.data'),
    delayMs: optionalDurationMs(spec.delay) ?? 0,
    silent: spec.silent === true,
  });
};

function requestPath(record: TraceRecord): { path?: string; hash: number } {
  const decoded = record.decoded ?? {};
  if (typeof decoded['path'] === 'string')
    return { path: decoded['path'], hash: fnv1a32(decoded['path']) };
  return { hash: Number(decoded['pathHash'] ?? 0) >>> 0 };
}

function requestMismatch(
  spec: PlanSpec<'expect-request'>,
  request: ObservedRequest,
  context: StepContext,
): string | undefined {
  const decoded = request.record.decoded ?? {};
  const type = String(decoded['requestType']);
  if (spec.type !== undefined ? type !== `TYPE_${spec.type}` : type === 'TYPE_PING')
    return `type ${type}`;
  const named = requestPath(request.record);
  if (spec.path !== undefined && named.path !== spec.path && named.hash !== fnv1a32(spec.path)) {
    return `path ${named.path ?? named.hash}`;
  }
  if (spec.hash !== undefined) {
    const hash = typeof spec.hash === 'number' ? spec.hash : Number.parseInt(spec.hash, 16);
    if (named.hash !== hash >>> 0) return `path hash ${named.hash}`;
  }
  if (spec.data !== undefined) {
    const data = Buffer.from(String(decoded['data'] ?? ''), 'hex');
    const result = matchData(spec.data, data, (typeName) =>
      context.payloads.decode(
        data,
        typeName,
        spec.path ?? named.path,
        'request',
        'expect-request.data',
      ),
    );
    return result.mismatch;
  }
  return undefined;
}

export const expectRequest: StepExecutor<'expect-request'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const server = context.server();
  const candidates = (): ObservedRequest[] => server.requests.filter((request) => !request.matched);
  const started = performance.now();
  let found: ObservedRequest;
  try {
    found = await context.waitingFor(
      'a matching request from the client',
      server.changes.until(
        () => candidates().find((request) => requestMismatch(spec, request, context) === undefined),
        {
          what: 'matching request from the client',
          timeoutMs: optionalDurationMs(spec.within),
          signal: context.signal,
        },
      ),
    );
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    throw new StepFailure(error.message, {
      expected: { type: spec.type, path: spec.path, hash: spec.hash, data: spec.data },
      received: candidates().map((request) => request.record.decoded),
    });
  }
  found.matched = true;
  const decoded = found.record.decoded ?? {};
  const data = Buffer.from(String(decoded['data'] ?? ''), 'hex');
  const named = requestPath(found.record);
  const path = spec.path ?? named.path;
  applyCapture(
    spec.capture,
    {
      requestId: Number(decoded['requestId']),
      data,
      decode: () => context.payloads.decode(data, spec.data?.type, path, 'request', 'capture'),
      ...(path !== undefined && { path }),
    },
    context.variables,
  );
  return { latencyMs: performance.now() - started };
};

export const publish: StepExecutor<'publish'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const data = context.payloads.encode(spec.data, spec.path, 'response', 'publish.data');
  const delivered = context.server().publish(spec.path, data);
  if (spec.expect !== undefined && delivered !== spec.expect.delivered) {
    throw new StepFailure(
      `publish ${spec.path}: ${delivered} subscriber(s) got the update, expected ${spec.expect.delivered}`,
      {
        expected: { delivered: spec.expect.delivered },
        received: { delivered },
      },
    );
  }
  return { note: `${delivered} delivered` };
};

export const dropConnection: StepExecutor<'drop-connection'> = async (_spec, context) => {
  await context.waitingFor('the client sessions to close', context.server().dropConnections());
};

export const expectExit: StepExecutor<'expect-exit'> = async (spec, context) => {
  const launched = context.server().launchedClient();
  const server = context.server();
  const exit = await context.waitingFor(
    'the launched client to exit',
    server.changes.until(() => launched.exit, {
      what: 'exit of the launched client',
      timeoutMs: optionalDurationMs(spec.within),
      signal: context.signal,
    }),
  );
  const expected = spec.code ?? 0;
  if (exit.code !== expected) {
    const how =
      exit.code === null
        ? `was ended by ${exit.signal ?? 'an error'}`
        : `exited with status ${exit.code}`;
    throw new StepFailure(`the launched client ${how}, expected status ${expected}`, {
      expected: { code: expected },
      received: { code: exit.code, signal: exit.signal, output: launched.output.slice(-10) },
    });
  }
};
