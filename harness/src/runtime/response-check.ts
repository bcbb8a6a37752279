import {
  type JsonObject,
  NanoRpcError,
  responseTypeName,
  statusName,
  type NanoRpcResponse,
} from '@nanorpc-sim/core';
import { describeData, matchData, matchStatus, matchText } from './data-match.js';
import type {
  DataMatchInput,
  StatusNameInput,
  TextMatchInput,
} from '../format/expectation-schema.js';
import { StepFailure } from './step-failure.js';

export interface ResponseExpectation {
  status?: StatusNameInput | undefined;
  message?: TextMatchInput | undefined;
  data?: DataMatchInput | undefined;
}

/** A response as reports show it: type, status, message and data (decoded when known). */
export function describeResponse(
  response: NanoRpcResponse,
  json?: JsonObject,
): Record<string, unknown> {
  return {
    type: responseTypeName(response.responseType),
    status: statusName(response.responseStatus),
    ...(response.responseMessage !== '' && { message: response.responseMessage }),
    data: describeData(response.data, json),
  };
}

function describeExpectation(expect: ResponseExpectation | undefined): Record<string, unknown> {
  return {
    status: expect?.status === undefined ? 'STATUS_OK' : expect.status,
    ...(expect?.message !== undefined && { message: expect.message }),
    ...(expect?.data !== undefined && { data: expect.data }),
  };
}

/**
 * Checks a response against a step's expectation (status OK when none is given). Throws
 * StepFailure with what was expected and what came; returns the decoded data when json was
 * compared (for captures).
 */
export function checkResponse(
  expect: ResponseExpectation | undefined,
  response: NanoRpcResponse,
  decode: (typeName: string | undefined) => JsonObject,
  what: string,
): { json?: JsonObject } {
  const fail = (reason: string, json?: JsonObject): never => {
    throw new StepFailure(`${what}: ${reason}`, {
      expected: describeExpectation(expect),
      received: describeResponse(response, json),
    });
  };
  const statusMismatch = matchStatus(expect?.status, response.responseStatus);
  if (statusMismatch !== undefined) {
    const message =
      response.responseMessage === ''
        ? ''
        : ` (message ${JSON.stringify(response.responseMessage)})`;
    fail(`${statusMismatch}${message}`);
  }
  if (expect?.message !== undefined) {
    const mismatch = matchText(expect.message, response.responseMessage);
    if (mismatch !== undefined) fail(mismatch);
  }
  if (expect?.data !== undefined) {
    const result = matchData(expect.data, response.data, decode);
    if (result.mismatch !== undefined) fail(result.mismatch, result.json);
    return result.json === undefined ? {} : { json: result.json };
  }
  return {};
}

/**
 * Turns an error of a client call into the step's failure: the step or scenario limit (the
 * signal's reason) as it is, anything else as StepFailure saying what the step waited for.
 */
export function callFailure(error: unknown, signal: AbortSignal, what: string): never {
  if (signal.aborted) throw signal.reason as Error;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof NanoRpcError ? error.code : undefined;
  throw new StepFailure(`${what}: ${message}`, {
    expected: what,
    received: code === undefined ? message : { error: code, message },
  });
}
