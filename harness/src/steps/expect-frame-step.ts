import { parseStatus, Status } from '@nanorpc-sim/core';
import { z } from 'zod';
import { Capture } from '../format/capture-schema.js';
import { Duration, optionalDurationMs } from '../format/duration.js';
import { DataMatch, StatusName, TextMatch } from '../format/expectation-schema.js';
import { RequestTypeName, ResponseTypeName } from '../format/frame-type-schema.js';
import type { TraceRecord } from '../report/run-report.js';
import { applyCapture } from '../runtime/capture.js';
import { matchData, matchStatus, matchText } from '../runtime/data-match.js';
import type { ReceivedFrame } from '../runtime/device-session.js';
import { StepFailure } from '../runtime/step-failure.js';
import { frameSummary, integerOf } from './raw-frames.js';
import type { StepContext } from './step-context.js';
import { defineStep } from './step-module.js';

const ExpectFrameSpec = z
  .strictObject({
    requestId: z.union([z.number().int(), z.string()]).optional(),
    type: z.union([RequestTypeName, ResponseTypeName]).optional(),
    status: StatusName.optional(),
    message: TextMatch.optional(),
    data: DataMatch.optional(),
    within: Duration.optional(),
    capture: Capture.optional(),
  })
  .describe('a received frame (since the last send-raw) matches');

type FrameWanted = Omit<z.infer<typeof ExpectFrameSpec>, 'within' | 'capture'>;

function frameMismatch(
  spec: FrameWanted,
  record: TraceRecord,
  context: StepContext,
): string | undefined {
  const decoded = record.decoded;
  if (decoded === undefined) return 'not a decodable frame';
  if (
    spec.requestId !== undefined &&
    decoded['requestId'] !== integerOf(spec.requestId, 'expect-frame.requestId')
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

/** A frame received since the last send-raw, not matched by an earlier expect-frame, matches. */
export const expectFrameStep = defineStep({
  kind: 'expect-frame',
  role: 'device-under-test',
  schema: ExpectFrameSpec,
  plan: ({ within, ...wanted }) => ({ ...wanted, withinMs: optionalDurationMs(within) }),
  title: () => 'expect-frame',
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const device = context.device();
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
          { what: 'matching frame', timeoutMs: spec.withinMs, signal: context.signal },
        ),
      );
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      const seen = candidates();
      throw new StepFailure(
        `${error.message} (${seen.length} frame(s) received since the last send-raw)`,
        {
          expected: wanted,
          received: seen.map((frame) => frameSummary(frame.record)),
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
  },
});
