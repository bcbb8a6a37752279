import type { NanoRpcResponse } from '@nanorpc-sim/core';
import { z } from 'zod';
import { Capture } from '../format/capture-schema.js';
import { Duration, formatDuration, optionalDurationMs } from '../format/duration.js';
import { DataMatch, type DataMatchInput } from '../format/expectation-schema.js';
import { applyCapture } from '../runtime/capture.js';
import type { TrackedSubscription } from '../runtime/device-session.js';
import { matchJson, readJsonPath } from '../runtime/json-match.js';
import { StepFailure } from '../runtime/step-failure.js';
import type { StepContext } from './step-context.js';
import { defineStep } from './step-module.js';
import {
  decodeUpdate,
  describeUpdates,
  queuedUpdatesWithin,
  updateMismatch,
} from './update-decoding.js';

/** Pairs each expected entry with a distinct update (any order); the first entry left over. */
function unorderedMismatch(
  context: StepContext,
  tracked: TrackedSubscription,
  expected: DataMatchInput[],
  updates: NanoRpcResponse[],
): string | undefined {
  const used = new Set<number>();
  for (const [index, match] of expected.entries()) {
    const found = updates.findIndex(
      (update, i) =>
        !used.has(i) && updateMismatch(context, tracked, match, update).mismatch === undefined,
    );
    if (found < 0) return `no update matches updates[${index}] (${JSON.stringify(match)})`;
    used.add(found);
  }
  return undefined;
}

export const expectUpdatesStep = defineStep({
  kind: 'expect-updates',
  role: 'device-under-test',
  schema: z
    .strictObject({
      subscription: z.string().describe('the `as` name (or path) of the subscription').optional(),
      count: z.number().int().min(1).describe('updates to wait for'),
      within: Duration.optional(),
      updates: z
        .array(DataMatch)
        .describe('what the updates carry, one entry per update (partial json match)')
        .optional(),
      ordered: z.boolean().describe('`updates` in this order (default true)').optional(),
      each: DataMatch.describe('what every update must carry').optional(),
      increasing: z
        .string()
        .describe('a json field (e.g. sequence) that must strictly increase')
        .optional(),
      noMoreFor: Duration.describe('then no further update for this long (exact count)').optional(),
      capture: Capture.describe('from the last of the updates; `count` is how many').optional(),
    })
    .describe('wait for N updates of a subscription and check them'),
  plan: ({ within, noMoreFor, ...checks }) => ({
    ...checks,
    withinMs: optionalDurationMs(within),
    noMoreForMs: optionalDurationMs(noMoreFor),
  }),
  title: (spec) =>
    `expect-updates ${spec.count}${spec.subscription !== undefined ? ` of ${spec.subscription}` : ''}`,
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const device = context.device();
    const tracked = device.subscriptionNamed(spec.subscription);
    const within = spec.withinMs;
    const started = performance.now();
    const what = `${spec.count} update(s) of subscription "${tracked.name}"`;
    try {
      await context.waitingFor(
        what,
        device.changes.until(() => (tracked.queue.length >= spec.count ? true : undefined), {
          what,
          timeoutMs: within,
          signal: context.signal,
        }),
      );
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      throw new StepFailure(`${error.message}: received ${tracked.queue.length}`, {
        expected: { count: spec.count, within: within === undefined ? undefined : `${within} ms` },
        received: {
          count: tracked.queue.length,
          updates: describeUpdates(context, tracked, tracked.queue),
        },
      });
    }
    const latencyMs = performance.now() - started;
    const updates = tracked.queue.splice(0, spec.count);
    const fail = (reason: string, expected: unknown): never => {
      throw new StepFailure(`updates of "${tracked.name}": ${reason}`, {
        expected,
        received: describeUpdates(context, tracked, updates),
      });
    };
    if (spec.updates !== undefined) {
      if (spec.ordered === false) {
        const mismatch = unorderedMismatch(context, tracked, spec.updates, updates);
        if (mismatch !== undefined) fail(mismatch, spec.updates);
      } else {
        spec.updates.forEach((match, index) => {
          const update = updates[index];
          if (update === undefined) return;
          const { mismatch } = updateMismatch(context, tracked, match, update);
          if (mismatch !== undefined) fail(`update ${index + 1}: ${mismatch}`, spec.updates);
        });
      }
    }
    if (spec.each !== undefined) {
      const each = spec.each;
      updates.forEach((update, index) => {
        const { mismatch } = updateMismatch(context, tracked, each, update);
        if (mismatch !== undefined) fail(`update ${index + 1}: ${mismatch}`, { each });
      });
    }
    if (spec.increasing !== undefined) {
      const field = spec.increasing;
      let previous: unknown;
      updates.forEach((update, index) => {
        const value = readJsonPath(decodeUpdate(context, tracked, update), field);
        if (value === undefined)
          fail(`update ${index + 1} has no field ${field}`, { increasing: field });
        if (index > 0 && matchJson({ $gt: previous }, value) !== undefined) {
          fail(
            `${field} does not increase: update ${index + 1} has ${JSON.stringify(value)} after ${JSON.stringify(previous)}`,
            {
              increasing: field,
            },
          );
        }
        previous = value;
      });
    }
    if (spec.noMoreForMs !== undefined) {
      const quiet = spec.noMoreForMs;
      const extra = await queuedUpdatesWithin(
        context,
        tracked,
        quiet,
        `${formatDuration(quiet)} without further updates`,
        'further update',
      );
      if (extra > 0) {
        throw new StepFailure(
          `updates of "${tracked.name}": ${extra} more update(s) arrived within ${formatDuration(quiet)}`,
          {
            expected: { count: spec.count },
            received: {
              count: spec.count + extra,
              extra: describeUpdates(context, tracked, tracked.queue),
            },
          },
        );
      }
    }
    const last = updates[updates.length - 1] as NanoRpcResponse;
    applyCapture(
      spec.capture,
      {
        status: last.responseStatus,
        data: last.data,
        decode: () => decodeUpdate(context, tracked, last),
        requestId: last.requestId,
        count: updates.length,
        latencyMs,
        ...(tracked.path !== undefined && { path: tracked.path }),
      },
      context.variables,
    );
    return { latencyMs };
  },
});
