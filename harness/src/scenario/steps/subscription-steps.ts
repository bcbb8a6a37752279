import { StatusError, type JsonObject, parseStatus, ResponseType, Status, type NanoRpcResponse } from '@nanorpc-sim/core';
import { sleep } from '../change-notifier.js';
import { applyCapture } from '../capture.js';
import { describeData, matchData } from '../data-match.js';
import type { ReceivedFrame, TrackedSubscription } from '../device-session.js';
import { durationMs, formatDuration, optionalDurationMs } from '../duration.js';
import { readJsonPath, matchJson } from '../json-match.js';
import { callFailure, checkResponse, describeResponse } from '../response-check.js';
import type { DataMatchInput } from '../scenario-file-schema.js';
import type { StepContext, StepExecutor } from '../step-context.js';
import { StepFailure } from '../step-failure.js';
import { pathRefOf } from './exchange-steps.js';

/** The subscribe acknowledgement as received (the client resolves with the Subscription only). */
function ackFromTrace(received: readonly ReceivedFrame[], id: number): NanoRpcResponse {
  for (let i = received.length - 1; i >= 0; i--) {
    const decoded = received[i]?.record.decoded;
    if (decoded?.['requestId'] === id && decoded['responseType'] === 'TYPE_RESPONSE') {
      return {
        requestId: id,
        responseType: ResponseType.Response,
        responseStatus: parseStatus(String(decoded['responseStatus'])) ?? Status.Unspecified,
        responseMessage:
          typeof decoded['responseMessage'] === 'string' ? decoded['responseMessage'] : '',
        data: Buffer.from(String(decoded['data'] ?? ''), 'hex'),
      };
    }
  }
  // The client only resolves on an OK ack, so OK is what arrived even if the trace missed it.
  return {
    requestId: id,
    responseType: ResponseType.Response,
    responseStatus: Status.Ok,
    responseMessage: '',
    data: new Uint8Array(0),
  };
}

export const subscribe: StepExecutor<'subscribe'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const device = context.device();
  const client = device.requireClient();
  const target = pathRefOf(spec);
  const name = spec.as ?? target.path ?? target.text;
  const filter = context.payloads.encode(spec.filter, target.path, 'request', 'subscribe.filter');
  const within = optionalDurationMs(spec.expect?.within);
  // Tracked before the subscribe goes out: updates may follow the ack at once.
  const updates: NanoRpcResponse[] = [];
  let tracked: TrackedSubscription | undefined;
  const started = performance.now();
  let ack: NanoRpcResponse;
  try {
    const subscription = await context.waitingFor(
      `the acknowledgement of the subscribe to ${target.text}`,
      client.subscribe(
        target.ref,
        filter,
        (update) => {
          if (tracked === undefined) updates.push(update);
          else device.deliver(tracked, update);
        },
        {
          signal: context.signal,
          ...(spec.hashPath !== undefined && { hashPath: spec.hashPath }),
          ...(within !== undefined && { timeoutMs: within }),
        },
      ),
    );
    tracked = device.track({
      name,
      pathText: target.text,
      path: target.path,
      subscription,
      updateType: spec.updateType,
    });
    for (const update of updates) device.deliver(tracked, update);
    subscription.on('terminated', () => device.changes.notify());
    ack = ackFromTrace(device.received, subscription.id);
  } catch (error) {
    if (!(error instanceof StatusError) || error.response === undefined) {
      callFailure(error, context.signal, `subscribe ${target.text}`);
    }
    ack = error.response;
  }
  const latencyMs = performance.now() - started;
  checkResponse(spec.expect, ack, () => ({}), `subscribe ${target.text}`);
  applyCapture(
    spec.capture,
    {
      status: ack.responseStatus,
      message: ack.responseMessage,
      requestId: ack.requestId,
      latencyMs,
    },
    context.variables,
  );
  return { latencyMs, path: target.text };
};

function decodeUpdate(
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

function updateMismatch(
  context: StepContext,
  tracked: TrackedSubscription,
  match: DataMatchInput,
  update: NanoRpcResponse,
): { mismatch: string | undefined; json?: JsonObject } {
  return matchData(match, update.data, (typeName) =>
    decodeUpdate(context, tracked, update, typeName),
  );
}

function describeUpdates(
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

export const expectUpdates: StepExecutor<'expect-updates'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const device = context.device();
  const tracked = device.subscriptionNamed(spec.subscription);
  const within = optionalDurationMs(spec.within);
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
  if (spec.noMoreFor !== undefined) {
    const quiet = durationMs(spec.noMoreFor);
    const extra = await context.waitingFor(
      `${formatDuration(quiet)} without further updates`,
      device.changes.until(() => (tracked.queue.length > 0 ? tracked.queue.length : undefined), {
        what: 'further update',
        timeoutMs: quiet,
        signal: context.signal,
        onTimeout: () => 0,
      }),
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
};

export const expectNoUpdates: StepExecutor<'expect-no-updates'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const device = context.device();
  const tracked = device.subscriptionNamed(spec.subscription);
  const quiet = durationMs(spec.for);
  const count = await context.waitingFor(
    `${formatDuration(quiet)} without updates`,
    device.changes.until(() => (tracked.queue.length > 0 ? tracked.queue.length : undefined), {
      what: 'update',
      timeoutMs: quiet,
      signal: context.signal,
      onTimeout: () => 0,
    }),
  );
  if (count > 0) {
    throw new StepFailure(
      `subscription "${tracked.name}": expected no update for ${formatDuration(quiet)}, received ${count}`,
      {
        expected: { count: 0 },
        received: { count, updates: describeUpdates(context, tracked, tracked.queue) },
      },
    );
  }
};

export const unsubscribe: StepExecutor<'unsubscribe'> = async (rawSpec, context) => {
  const spec = context.variables.interpolate(rawSpec);
  const device = context.device();
  const tracked = device.subscriptionNamed(spec.subscription);
  const id = tracked.subscription.id;
  const within = optionalDurationMs(spec.expect?.within);
  const started = performance.now();
  let ack: NanoRpcResponse;
  try {
    ack = await context.waitingFor(
      `the unsubscribe acknowledgement of "${tracked.name}" (id ${id})`,
      tracked.subscription.unsubscribe({
        signal: context.signal,
        ...(within !== undefined && { timeoutMs: within }),
      }),
    );
  } catch (error) {
    callFailure(error, context.signal, `unsubscribe ${tracked.name}`);
  }
  const latencyMs = performance.now() - started;
  checkResponse(spec.expect, ack, () => ({}), `unsubscribe ${tracked.name}`);
  device.watchTerminated(id, tracked.name);
  if (spec.quiet !== undefined) {
    await context.waitingFor(
      `a quiet ${formatDuration(durationMs(spec.quiet))} after the unsubscribe`,
      sleep(durationMs(spec.quiet), context.signal),
    );
    const late = device.lateFramesFor(id);
    if (late.length > 0) {
      throw new StepFailure(
        `${late.length} frame(s) with id ${id} arrived after the unsubscribe acknowledgement`,
        {
          expected: `nothing with request id ${id}`,
          received: late.map((record) => record.decoded ?? record.hex),
        },
      );
    }
  }
  return { latencyMs, note: describeResponse(ack).status as string, path: tracked.pathText };
};
