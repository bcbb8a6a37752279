import { startEmulator } from '@nanorpc-sim/emulator';
import type { RunningTarget, TargetStartOptions } from './target-provider.js';
import type { TransportKind } from '@nanorpc-sim/core';

/** Starts the emulator package's demo device on `listen` and wraps it as a RunningTarget. */
export async function startEmulatorTarget(
  name: string,
  listen: string,
  transportKind: TransportKind,
  options: TargetStartOptions,
): Promise<RunningTarget> {
  const running = await startEmulator({
    listen,
    faults: options.faults,
    logger: { info: (message) => options.log(message), warn: (message) => options.log(message) },
  });
  options.log(`${name}: listening ${running.endpoint}`);
  return {
    name,
    endpoint: running.endpoint,
    transportKind,
    reset: () => running.reboot(),
    stop: () => running.stop(),
  };
}
