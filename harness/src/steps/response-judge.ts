import type { NanoRpcResponse } from '@nanorpc-sim/core';
import type { ResponseExpectInput } from '../format/expectation-schema.js';
import { applyCapture } from '../runtime/capture.js';
import { checkResponse, describeResponse } from '../runtime/response-check.js';
import { StepFailure } from '../runtime/step-failure.js';
import type { StepContext, StepOutcome } from './step-context.js';

/** An answer's expectation as planned: `within` in ms. */
export type PlannedResponseExpect = Omit<ResponseExpectInput, 'within'> & {
  withinMs?: number | undefined;
};

export function planResponseExpect(
  input: ResponseExpectInput | undefined,
  withinMs: number | undefined,
): PlannedResponseExpect | undefined {
  if (input === undefined) return undefined;
  const { within: _within, ...checks } = input;
  return { ...checks, withinMs };
}

/** Which request an answer belongs to, for decoding and messages. */
export interface AnsweredRequest {
  path: string | undefined;
  text: string;
  responseType: string | undefined;
}

/** Checks an answer and captures from it; shared by request and expect-response. */
export function judgeResponse(
  context: StepContext,
  response: NanoRpcResponse,
  latencyMs: number,
  expectation: PlannedResponseExpect | undefined,
  capture: Record<string, string> | undefined,
  target: AnsweredRequest,
): StepOutcome {
  const decode = (typeName: string | undefined) =>
    context.payloads.decode(
      response.data,
      typeName ?? target.responseType,
      target.path,
      'response',
      'expect.data',
    );
  const within = expectation?.withinMs;
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
