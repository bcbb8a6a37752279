import { loadEmulatorModule } from '../emulator-module.js';
import type { RunningTarget, TargetStartOptions } from '../target-provider.js';
import type { TransportKind } from '../../transport/transport.js';

/** Starts the emulator package's demo device on `listen` and wraps it as a RunningTarget. */
export async function startEmulatorTarget(
  name: string,
  listen: string,
  transportKind: TransportKind,
  options: TargetStartOptions,
): Promise<RunningTarget> {
  const emulator = await loadEmulatorModule();
  const running = await emulator.startEmulator({
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
