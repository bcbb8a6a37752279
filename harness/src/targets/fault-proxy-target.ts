import { parseEndpoint } from '@nanorpc-sim/core';
import { FaultSpecError, parseFaultSpecs, type FaultInput } from '@nanorpc-sim/emulator';
import { FaultProxy } from './fault-proxy.js';
import type { RunningTarget, TargetProvider } from './target-provider.js';
import { FaultsNotAcceptedError } from './target-settings.js';

/**
 * Parses --fault specs for a target that gets them through the fault proxy, and refuses what a
 * proxy cannot do: handler faults (slow=, silent=) need the device's own code, and a modem-line
 * reset (reset=dtr|rts) cannot pass through the proxy's pseudo-terminal. Bad input (exit 2).
 */
export function proxyFaults(target: string, faults: readonly string[]): FaultInput {
  let input: FaultInput;
  try {
    input = parseFaultSpecs(faults);
  } catch (error) {
    if (error instanceof FaultSpecError)
      throw new FaultsNotAcceptedError(`--fault: ${error.message}`);
    throw error;
  }
  const handlerFaults = [
    ...(input.slow !== undefined && Object.keys(input.slow).length > 0 ? ['slow'] : []),
    ...(input.silent !== undefined && input.silent.length > 0 ? ['silent'] : []),
  ];
  if (handlerFaults.length > 0) {
    throw new FaultsNotAcceptedError(
      `--fault: ${handlerFaults.join(' and ')} act on the device's handlers, which only the ` +
        `emulator can do; target ${target} gets link faults through the fault proxy ` +
        '(latency, jitter, baud, drop, corrupt, disconnect-after, seed)',
    );
  }
  if (target.includes('://')) {
    const endpoint = parseEndpoint(target);
    if (endpoint.kind === 'serial' && endpoint.toggleDtrRtsOnOpen) {
      throw new FaultsNotAcceptedError(
        `--fault: the fault proxy cannot pass a modem-line reset (reset=${endpoint.resetLines ?? 'dtr'}) ` +
          'through its pseudo-terminal; drop reset= from the endpoint or use --target-option reset-command',
      );
    }
  }
  return input;
}

/** Runs the target as it is, behind a FaultProxy that applies `faults` to its link. */
export function withFaultProxy(provider: TargetProvider, faults: FaultInput): TargetProvider {
  return {
    ...provider,
    acceptsFaults: true,
    start: async (options) => {
      const running = await provider.start({ ...options, faults: [] });
      let proxy: FaultProxy;
      try {
        proxy = await FaultProxy.start({ target: running.endpoint, faults, log: options.log });
      } catch (error) {
        await running.stop();
        throw error;
      }
      const proxied: RunningTarget = {
        name: running.name,
        endpoint: proxy.endpoint,
        transportKind: proxy.transportKind,
        stop: async () => {
          await proxy.stop();
          await running.stop();
        },
      };
      const reset = running.reset?.bind(running);
      return reset === undefined ? proxied : { ...proxied, reset };
    },
  };
}
