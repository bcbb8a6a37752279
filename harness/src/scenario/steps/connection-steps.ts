import { optionalDurationMs, formatDuration } from '../duration.js';
import type { DeviceSession } from '../device-session.js';
import type { StepContext, StepExecutor } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/** Default bound of waits for a link event when the step gives none (the step limit applies). */
export const connect: StepExecutor<'connect'> = async (spec, context) => {
  const within = optionalDurationMs(spec.within);
  const started = performance.now();
  await context.waitingFor(
    `the connection to ${context.target?.endpoint ?? 'the target'}`,
    context.device().connect({ timeoutMs: within, signal: context.signal }),
  );
  return { latencyMs: performance.now() - started };
};

export const disconnect: StepExecutor<'disconnect'> = async (_spec, context) => {
  await context.device().disconnect();
};

/** The peer closed the link (device-under-test) or the client closed it (client-under-test). */
export const expectDisconnect: StepExecutor<'expect-disconnect'> = async (spec, context) => {
  const within = optionalDurationMs(spec.within);
  const owner = context.plan.role === 'client-under-test' ? context.server() : context.device();
  const what =
    context.plan.role === 'client-under-test'
      ? 'disconnect of the client'
      : 'disconnect by the device';
  await context.waitingFor(
    `the ${what}`,
    owner.changes.until(() => (owner.pendingDisconnects > 0 ? true : undefined), {
      what,
      timeoutMs: within,
      signal: context.signal,
    }),
  );
  owner.pendingDisconnects--;
};

export const expectReconnect: StepExecutor<'expect-reconnect'> = async (spec, context) => {
  const device = context.device();
  const within = optionalDurationMs(spec.within);
  const started = performance.now();
  await context.waitingFor(
    'the harness client to reconnect',
    device.changes.until(
      () => (device.pendingReconnects > 0 && device.connected ? true : undefined),
      {
        what: 'reconnection of the harness client',
        timeoutMs: within,
        signal: context.signal,
      },
    ),
  );
  device.pendingReconnects = 0;
  device.pendingDisconnects = 0;
  return { latencyMs: performance.now() - started };
};

const PROBE_TIMEOUT_MS = 1000;
const PROBE_PAUSE_MS = 50;

/**
 * Pings until the device answers, reconnecting when the link is down and the client does not
 * reconnect by itself. Used by expect-recovery and reboot. Returns the time it took.
 */
export async function awaitRecovery(
  device: DeviceSession,
  context: StepContext,
  withinMs: number,
  what: string,
): Promise<number> {
  const started = performance.now();
  const deadline = started + withinMs;
  let lastProblem = 'no attempt finished';
  while (performance.now() < deadline) {
    const remaining = deadline - performance.now();
    try {
      if (!device.connected && device.clientIdle()) {
        await device.disconnect();
        await device.connect({ timeoutMs: Math.min(remaining, 5000), signal: context.signal });
      }
      if (device.connected) {
        const client = device.requireClient();
        await client.ping({
          signal: context.signal,
          timeoutMs: Math.max(1, Math.round(Math.min(remaining, PROBE_TIMEOUT_MS))),
        });
        device.pendingDisconnects = 0;
        device.pendingReconnects = 0;
        return performance.now() - started;
      }
      await device.changes.until(() => (device.connected ? true : undefined), {
        what: 'connection',
        timeoutMs: Math.min(remaining, 200),
        signal: context.signal,
        onTimeout: () => false,
      });
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason as Error;
      lastProblem = error instanceof Error ? error.message : String(error);
      await new Promise((resolve) => setTimeout(resolve, PROBE_PAUSE_MS));
    }
  }
  throw new StepFailure(
    `${what}: the device did not answer a ping within ${formatDuration(withinMs)} (last: ${lastProblem})`,
    {
      expected: `a TYPE_PONG within ${formatDuration(withinMs)}`,
      received: lastProblem,
    },
  );
}

export const DEFAULT_RECOVERY_MS = 10_000;

export const expectRecovery: StepExecutor<'expect-recovery'> = async (spec, context) => {
  const within = optionalDurationMs(spec.within) ?? DEFAULT_RECOVERY_MS;
  const latencyMs = await context.waitingFor(
    'the device to answer a ping again',
    awaitRecovery(context.device(), context, within, 'expect-recovery'),
  );
  return { latencyMs };
};
