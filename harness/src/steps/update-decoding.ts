import type { JsonObject, NanoRpcResponse } from '@nanorpc-sim/core';
import type { DataMatchInput } from '../format/expectation-schema.js';
import { describeData, matchData } from '../runtime/data-match.js';
import type { TrackedSubscription } from '../runtime/device-session.js';
import type { StepContext } from './step-context.js';

/** An update's data as JSON, with its subscription's type unless `typeName` says otherwise. */
export function decodeUpdate(
  context: StepContext,
  tracked: TrackedSubscription,
  update: NanoRpcResponse,
  typeName?: string,
): JsonObject {
  return context.payloads.decode(
    update.data,
    typeName ?? tracked.updateType,
    tracked.path,
    'response',
    `update of ${tracked.name}`,
  );
}

export function updateMismatch(
  context: StepContext,
  tracked: TrackedSubscription,
  match: DataMatchInput,
  update: NanoRpcResponse,
): { mismatch: string | undefined; json?: JsonObject } {
  return matchData(match, update.data, (typeName) =>
    decodeUpdate(context, tracked, update, typeName),
  );
}

/** Updates as reports show them: decoded when their type is known, else their bytes. */
export function describeUpdates(
  context: StepContext,
  tracked: TrackedSubscription,
  updates: NanoRpcResponse[],
): unknown[] {
  return updates.map((update) => {
    let json: JsonObject | undefined;
    try {
      json = decodeUpdate(context, tracked, update);
    } catch {
      json = undefined;
    }
    return describeData(update.data, json);
  });
}

/**
 * Waits up to `quietMs` for an update of `tracked` that no step consumed; resolves with how
 * many are queued when one arrives, or 0 when none came (expect-no-updates, noMoreFor).
 */
export function queuedUpdatesWithin(
  context: StepContext,
  tracked: TrackedSubscription,
  quietMs: number,
  waitingFor: string,
  what: string,
): Promise<number> {
  const device = context.device();
  return context.waitingFor(
    waitingFor,
    device.changes.until(() => (tracked.queue.length > 0 ? tracked.queue.length : undefined), {
      what,
      timeoutMs: quietMs,
      signal: context.signal,
      onTimeout: () => 0,
    }),
  );
}
