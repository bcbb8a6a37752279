import { formatDuration } from '../format/duration.js';
import type { DeviceSession } from '../runtime/device-session.js';
import { StepFailure } from '../runtime/step-failure.js';
import type { StepContext } from './step-context.js';

export const DEFAULT_RECOVERY_MS = 10_000;
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
