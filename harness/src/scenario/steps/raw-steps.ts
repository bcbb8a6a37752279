import { encodeRequestFrame, encodeResponseFrame, parseRequestType, parseResponseType, parseStatus, Status, type NanoRpcRequest, varintSize, writeVarint } from '@nanorpc-sim/core';
import type { TraceRecord } from '../../report/run-report.js';
import { applyCapture } from '../capture.js';
import { matchData, matchStatus, matchText } from '../data-match.js';
import type { ReceivedFrame } from '../device-session.js';
import { durationMs, formatDuration, optionalDurationMs } from '../duration.js';
import { hexToBytes } from '../hex-bytes.js';
import type { PlanSpec } from '../scenario-plan.js';
import type { StepContext, StepExecutor } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

const utf8 = new TextEncoder();

function withLengthPrefix(body: Uint8Array): Uint8Array {
  const frame = new Uint8Array(varintSize(body.length) + body.length);
  frame.set(body, writeVarint(frame, 0, body.length));
  return frame;
}

function numberOf(value: number | string, what: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number))
    throw new StepFailure(`${what}: ${String(value)} is not an integer`);
  return number;
}

function hashOf(value: number | string): number {
  return typeof value === 'number' ? value : Number.parseInt(value, 16);
}

/** The bytes a send-raw step writes (interpolated spec). */
function rawBytes(spec: PlanSpec<'send-raw'>, context: StepContext): Uint8Array {
  if (spec.hex !== undefined || spec.utf8 !== undefined) {
    const bytes =
      spec.hex !== undefined ? hexToBytes(spec.hex, 'send-raw.hex') : utf8.encode(spec.utf8);
    return spec.lengthPrefix === true ? withLengthPrefix(bytes) : bytes;
  }
  if (spec.request !== undefined) {
    const frame = spec.request;
    const type =
      typeof frame.type === 'number'
        ? frame.type
        : (parseRequestType(`TYPE_${frame.type}`) as number);
    const request: NanoRpcRequest = {
      requestId: numberOf(frame.requestId, 'send-raw.request.requestId'),
      requestType: type,
      data: context.payloads.encode(frame.data, frame.path, 'request', 'send-raw.request.data'),
    };
    if (frame.path !== undefined) request.path = frame.path;
    if (frame.hash !== undefined) request.pathHash = hashOf(frame.hash);
    return encodeRequestFrame(request);
  }
  const frame = spec.response;
  if (frame === undefined) return new Uint8Array(0);
  const type =
    typeof frame.type === 'number'
      ? frame.type
      : (parseResponseType(`TYPE_${frame.type}`) as number);
  const status =
    frame.status === undefined || frame.status === 'any'
      ? Status.Ok
      : (parseStatus(frame.status) as number);
  return encodeResponseFrame({
    requestId: numberOf(frame.requestId, 'send-raw.response.requestId'),
    responseType: type,
    responseStatus: status,
    responseMessage: frame.message ?? '',
    data: context.payloads.encode(frame.data, undefined, 'response', 'send-raw.response.data'),
  });
}

export const sendRaw: StepExecutor<'send-raw'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const bytes = rawBytes(spec, context);
  if (context.plan.role === 'client-under-test') {
    await context.waitingFor('the raw bytes to be written', context.server().sendRaw(bytes));
    return { note: `${bytes.length} byte(s)` };
  }
  const device = context.device();
  const client = device.requireClient();
  device.markRawSent();
  try {
    await context.waitingFor('the raw bytes to be written', client.sendRaw(bytes));
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason as Error;
    throw new StepFailure(`send-raw: ${(error as Error).message}`);
  }
  return { note: `${bytes.length} byte(s)` };
};

/** One line for a received frame in messages. */
function summary(record: TraceRecord): Record<string, unknown> | string {
  return (
    record.decoded ?? { hex: record.hex, ...(record.note !== undefined && { note: record.note }) }
  );
}

function frameMismatch(
  spec: PlanSpec<'expect-frame'>,
  record: TraceRecord,
  context: StepContext,
): string | undefined {
  const decoded = record.decoded;
  if (decoded === undefined) return 'not a decodable frame';
  if (
    spec.requestId !== undefined &&
    decoded['requestId'] !== numberOf(spec.requestId, 'expect-frame.requestId')
  ) {
    return `requestId ${String(decoded['requestId'])}`;
  }
  if (spec.type !== undefined && decoded['responseType'] !== `TYPE_${spec.type}`) {
    return `type ${String(decoded['responseType'])}`;
  }
  if (spec.status !== undefined) {
    const mismatch = matchStatus(spec.status, parseStatus(String(decoded['responseStatus'])) ?? -1);
    if (mismatch !== undefined) return mismatch;
  }
  if (spec.message !== undefined) {
    const mismatch = matchText(spec.message, String(decoded['responseMessage'] ?? ''));
    if (mismatch !== undefined) return mismatch;
  }
  if (spec.data !== undefined) {
    const data = Buffer.from(String(decoded['data'] ?? ''), 'hex');
    const result = matchData(spec.data, data, (typeName) =>
      context.payloads.decode(data, typeName, undefined, 'response', 'expect-frame.data'),
    );
    if (result.mismatch !== undefined) return result.mismatch;
  }
  return undefined;
}

export const expectFrame: StepExecutor<'expect-frame'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const device = context.device();
  const within = optionalDurationMs(spec.within);
  const candidates = (): ReceivedFrame[] =>
    device.received.slice(device.rawCursor).filter((frame) => !frame.matched);
  const wanted = {
    requestId: spec.requestId,
    type: spec.type,
    status: spec.status,
    message: spec.message,
    data: spec.data,
  };
  let found: ReceivedFrame;
  try {
    found = await context.waitingFor(
      'a matching frame',
      device.changes.until(
        () =>
          candidates().find((frame) => frameMismatch(spec, frame.record, context) === undefined),
        { what: 'matching frame', timeoutMs: within, signal: context.signal },
      ),
    );
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    const seen = candidates();
    throw new StepFailure(
      `${error.message} (${seen.length} frame(s) received since the last send-raw)`,
      {
        expected: wanted,
        received: seen.map((frame) => summary(frame.record)),
      },
    );
  }
  found.matched = true;
  const decoded = found.record.decoded ?? {};
  const data = Buffer.from(String(decoded['data'] ?? ''), 'hex');
  applyCapture(
    spec.capture,
    {
      status: parseStatus(String(decoded['responseStatus'])) ?? Status.Unspecified,
      message: String(decoded['responseMessage'] ?? ''),
      data,
      requestId: Number(decoded['requestId']),
      decode: () =>
        context.payloads.decode(data, spec.data?.type, undefined, 'response', 'capture'),
    },
    context.variables,
  );
};

export const expectSilence: StepExecutor<'expect-silence'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const device = context.device();
  const quiet = durationMs(spec.for);
  const id =
    spec.requestId === undefined ? undefined : numberOf(spec.requestId, 'expect-silence.requestId');
  const offending = (): ReceivedFrame | undefined =>
    device.received
      .slice(device.silenceCursor)
      .find(
        (frame) =>
          !frame.matched && (id === undefined || frame.record.decoded?.['requestId'] === id),
      );
  const frame = await context.waitingFor(
    `${formatDuration(quiet)} of silence`,
    device.changes.until<ReceivedFrame | null>(offending, {
      what: 'frame',
      timeoutMs: quiet,
      signal: context.signal,
      onTimeout: () => null,
    }),
  );
  if (frame !== null) {
    throw new StepFailure(
      `expected no frame${id === undefined ? '' : ` with request id ${id}`} for ${formatDuration(quiet)}, received one`,
      { expected: 'silence', received: summary(frame.record) },
    );
  }
};
