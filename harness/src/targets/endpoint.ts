import { parseEndpoint } from '@nanorpc-sim/core';
import { runShellCommand } from './shell-command.js';
import type { RunningTarget, TargetProvider, TargetStartOptions } from './target-provider.js';

/** The --target-option keys an endpoint target reads. */
export const ENDPOINT_SETTINGS: Readonly<Record<string, string>> = {
  'reset-command': 'a shell command that resets the device, for reboot steps',
};

/**
 * A device that is already running at an endpoint (a board on a serial line, a third-party
 * server). Its reset is the --target-option reset-command, when given.
 */
export function endpointTarget(text: string): TargetProvider {
  const endpoint = parseEndpoint(text);
  return {
    name: 'endpoint',
    description: `the device at ${text}`,
    acceptsFaults: false,
    settings: ENDPOINT_SETTINGS,
    start: async (options: TargetStartOptions): Promise<RunningTarget> => {
      const resetCommand = options.settings['reset-command'];
      return {
        name: 'endpoint',
        endpoint: text,
        transportKind: endpoint.kind,
        ...(resetCommand !== undefined && {
          reset: async () => {
            const code = await runShellCommand(resetCommand, {
              cwd: options.cwd,
              signal: options.signal,
              log: options.log,
            });
            if (code !== 0)
              throw new Error(`reset-command exited with status ${code}: ${resetCommand}`);
          },
        }),
        stop: async () => undefined,
      };
    },
  };
}
