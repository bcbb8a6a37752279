import { fnv1a32 } from '@nanorpc-sim/core';
import { z } from 'zod';
import { Capture } from '../format/capture-schema.js';
import { Duration, optionalDurationMs } from '../format/duration.js';
import { exactlyOne } from '../format/exactly-one.js';
import { DataMatch } from '../format/expectation-schema.js';
import { RequestTypeName } from '../format/frame-type-schema.js';
import { PathFields } from '../format/path-schema.js';
import type { TraceRecord } from '../report/run-report.js';
import { applyCapture } from '../runtime/capture.js';
import { matchData } from '../runtime/data-match.js';
import type { ObservedRequest } from '../runtime/scripted-server.js';
import { StepFailure } from '../runtime/step-failure.js';
import { pathText } from './path-ref.js';
import type { StepContext } from './step-context.js';
import { defineStep } from './step-module.js';

const ExpectRequestSpec = z
  .strictObject({
    type: RequestTypeName.optional(),
    ...PathFields,
    data: DataMatch.optional(),
    within: Duration.optional(),
    capture: Capture.optional(),
  })
  .superRefine(exactlyOne(['path', 'hash'], true))
  .describe('client-under-test: the client sends a matching request');

type RequestWanted = Omit<z.infer<typeof ExpectRequestSpec>, 'within' | 'capture'>;

function requestPath(record: TraceRecord): { path?: string; hash: number } {
  const decoded = record.decoded ?? {};
  if (typeof decoded['path'] === 'string')
    return { path: decoded['path'], hash: fnv1a32(decoded['path']) };
  return { hash: Number(decoded['pathHash'] ?? 0) >>> 0 };
}

function requestMismatch(
  spec: RequestWanted,
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

/** The client under test sent a matching request not matched by an earlier step. */
export const expectRequestStep = defineStep({
  kind: 'expect-request',
  role: 'client-under-test',
  schema: ExpectRequestSpec,
  plan: ({ within, ...wanted }) => ({ ...wanted, withinMs: optionalDurationMs(within) }),
  title: (spec) =>
    `expect-request ${spec.type ?? ''} ${pathText(spec)}`.replace(/\s+/g, ' ').trim(),
  servedPaths: (spec) => ({
    topics: spec.type === 'SUBSCRIBE' && spec.path !== undefined ? [spec.path] : [],
  }),
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const server = context.server();
    const candidates = (): ObservedRequest[] =>
      server.requests.filter((request) => !request.matched);
    const started = performance.now();
    let found: ObservedRequest;
    try {
      found = await context.waitingFor(
        'a matching request from the client',
        server.changes.until(
          () =>
            candidates().find((request) => requestMismatch(spec, request, context) === undefined),
          {
            what: 'matching request from the client',
            timeoutMs: spec.withinMs,
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
  },
});
