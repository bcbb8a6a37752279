import { type PathRef, formatHash, ResponseType, responseTypeName, Status, statusName, type NanoRpcResponse } from '@nanorpc-sim/core';
import { applyCapture } from '../capture.js';
import { optionalDurationMs } from '../duration.js';
import { callFailure, checkResponse, describeResponse } from '../response-check.js';
import type { PlanSpec } from '../scenario-plan.js';
import type { StepContext, StepExecutor, StepOutcome } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/** The path a request or subscribe step names: a string, or a hash given as number or 0x text. */
export function pathRefOf(spec: {
  path?: string | undefined;
  hash?: number | string | undefined;
}): {
  ref: PathRef;
  path: string | undefined;
  text: string;
} {
  if (spec.path !== undefined) return { ref: spec.path, path: spec.path, text: spec.path };
  const hash = typeof spec.hash === 'number' ? spec.hash : Number.parseInt(String(spec.hash), 16);
  if (!Number.isInteger(hash) || hash < 0 || hash > 0xffffffff) {
    throw new StepFailure(`hash: ${String(spec.hash)} is not a 32-bit path hash`);
  }
  return { ref: { hash }, path: undefined, text: formatHash(hash) };
}

export const ping: StepExecutor<'ping'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const client = context.device().requireClient();
  const within = optionalDurationMs(spec.within);
  const started = performance.now();
  let response: NanoRpcResponse;
  try {
    response = await context.waitingFor(
      'the TYPE_PONG',
      client.ping({ signal: context.signal, ...(within !== undefined && { timeoutMs: within }) }),
    );
  } catch (error) {
    callFailure(error, context.signal, 'ping');
  }
  const latencyMs = performance.now() - started;
  if (response.responseType !== ResponseType.Pong || response.responseStatus !== Status.Ok) {
    throw new StepFailure(
      `ping: expected TYPE_PONG with STATUS_OK, received ${responseTypeName(response.responseType)} ` +
        `with ${statusName(response.responseStatus)}`,
      {
        expected: { type: 'TYPE_PONG', status: 'STATUS_OK' },
        received: describeResponse(response),
      },
    );
  }
  applyCapture(
    spec.capture,
    { status: response.responseStatus, latencyMs, requestId: response.requestId },
    context.variables,
  );
  return { latencyMs };
};

type RequestSpec = PlanSpec<'request'>;

function decoderFor(
  context: StepContext,
  data: Uint8Array,
  path: string | undefined,
  responseType: string | undefined,
) {
  return (typeName: string | undefined) =>
    context.payloads.decode(data, typeName ?? responseType, path, 'response', 'expect.data');
}

/** Checks an answer and captures from it; shared by request and expect-response. */
function judge(
  context: StepContext,
  response: NanoRpcResponse,
  latencyMs: number,
  expectation: RequestSpec['expect'],
  capture: Record<string, string> | undefined,
  target: { path: string | undefined; text: string; responseType: string | undefined },
): StepOutcome {
  const decode = decoderFor(context, response.data, target.path, target.responseType);
  const within = optionalDurationMs(expectation?.within);
  const what = `request ${target.text}`;
  if (within !== undefined && latencyMs > within) {
    throw new StepFailure(
      `${what}: the answer took ${Math.round(latencyMs)} ms, more than ${within} ms`,
      {
        expected: { within: `${within} ms` },
        received: { latencyMs: Math.round(latencyMs), ...describeResponse(response) },
      },
    );
  }
  const checked = checkResponse(expectation, response, decode, what);
  applyCapture(
    capture,
    {
      status: response.responseStatus,
      message: response.responseMessage,
      data: response.data,
      decode: () => checked.json ?? decode(undefined),
      requestId: response.requestId,
      latencyMs,
      ...(target.path !== undefined && { path: target.path }),
    },
    context.variables,
  );
  return { latencyMs, path: target.text };
}

export const request: StepExecutor<'request'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const device = context.device();
  const client = device.requireClient();
  const target = pathRefOf(spec);
  const data = context.payloads.encode(spec.data, target.path, 'request', 'request.data');
  const within = optionalDurationMs(spec.expect?.within);
  const started = performance.now();
  const options = {
    ...(spec.hashPath !== undefined && { hashPath: spec.hashPath }),
    ...(within !== undefined && { timeoutMs: within }),
  };
  const targetInfo = { path: target.path, text: target.text, responseType: spec.responseType };
  if (spec.async === true) {
    const name = spec.as as string;
    const entry = {
      path: target.path,
      pathText: target.text,
      responseType: spec.responseType,
      sentAt: started,
    };
    device.asyncRequests.set(name, entry);
    client.request(target.ref, data, { ...options, signal: context.scenarioSignal }).then(
      (response) => {
        Object.assign(entry, { settled: { response, latencyMs: performance.now() - started } });
        device.changes.notify();
      },
      (error: Error) => {
        Object.assign(entry, { settled: { error } });
        device.changes.notify();
      },
    );
    return { note: `sent as ${name}`, path: target.text };
  }
  let response: NanoRpcResponse;
  try {
    response = await context.waitingFor(
      `the answer to the request ${target.text}`,
      client.request(target.ref, data, { ...options, signal: context.signal }),
    );
  } catch (error) {
    callFailure(error, context.signal, `request ${target.text}`);
  }
  return judge(
    context,
    response,
    performance.now() - started,
    spec.expect,
    spec.capture,
    targetInfo,
  );
};

export const expectResponse: StepExecutor<'expect-response'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const device = context.device();
  const entry = device.asyncRequests.get(spec.request);
  if (entry === undefined) {
    throw new StepFailure(`no async request named "${spec.request}" was sent in this scenario`);
  }
  const within = optionalDurationMs(spec.within);
  const remaining =
    within === undefined ? undefined : Math.max(0, entry.sentAt + within - performance.now());
  const settled = await context.waitingFor(
    `the answer to ${spec.request} (request ${entry.pathText})`,
    device.changes.until(() => entry.settled, {
      what: `answer to ${spec.request} (request ${entry.pathText}) within ${within} ms of sending`,
      timeoutMs: remaining,
      signal: context.signal,
    }),
  );
  if ('error' in settled)
    callFailure(settled.error, context.signal, `request ${entry.pathText} (${spec.request})`);
  const { status, message, data, within: bound } = spec;
  return judge(
    context,
    settled.response,
    settled.latencyMs,
    { status, message, data, within: bound },
    spec.capture,
    { path: entry.path, text: entry.pathText, responseType: entry.responseType },
  );
};
