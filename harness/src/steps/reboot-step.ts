import { Status, statusName } from '@nanorpc-sim/core';
import { z } from 'zod';
import { Duration, formatDuration, optionalDurationMs } from '../format/duration.js';
import { StepFailure } from '../runtime/step-failure.js';
import { runShellCommand } from '../targets/shell-command.js';
import { awaitRecovery, DEFAULT_RECOVERY_MS } from './device-recovery.js';
import type { StepContext } from './step-context.js';
import { defineStep } from './step-module.js';

/** A link that can pulse its modem lines (the serial transport). */
interface ModemLines {
  pulseReset(
    lines: 'dtr' | 'rts' | 'both',
    pulseMs?: number,
  ): Promise<{ pulsed: boolean; reason?: string }>;
}

function hasModemLines(value: unknown): value is ModemLines {
  return typeof (value as Partial<ModemLines> | undefined)?.pulseReset === 'function';
}

type Method = 'request' | 'target' | 'dtr' | 'rts' | 'command';

async function trigger(
  method: Method,
  spec: { path?: string | undefined; command?: string | undefined },
  context: StepContext,
): Promise<void> {
  const device = context.device();
  switch (method) {
    case 'request': {
      const path = spec.path ?? '/sys/reboot';
      const response = await context.waitingFor(
        `the answer to ${path}`,
        device.requireClient().request(path, undefined, { signal: context.signal }),
      );
      if (response.responseStatus !== Status.Ok) {
        throw new StepFailure(`reboot: ${path} answered ${statusName(response.responseStatus)}`, {
          expected: 'STATUS_OK',
          received: {
            status: statusName(response.responseStatus),
            message: response.responseMessage,
          },
        });
      }
      return;
    }
    case 'target': {
      const reset = context.target?.reset;
      if (reset === undefined) {
        throw new StepFailure(
          `reboot: target ${context.target?.name ?? '(none)'} has no reset of its own; use method request`,
        );
      }
      await context.waitingFor(
        `the ${context.target?.name} target to reset`,
        reset.call(context.target),
      );
      return;
    }
    case 'dtr':
    case 'rts': {
      const transport = device.requireClient().transport;
      if (!hasModemLines(transport)) {
        throw new StepFailure(
          `reboot: this link (${transport?.kind ?? 'none'}) cannot pulse modem lines`,
        );
      }
      const result = await context.waitingFor(
        `a ${method.toUpperCase()} pulse`,
        transport.pulseReset(method),
      );
      if (!result.pulsed)
        throw new StepFailure(
          `reboot: no ${method.toUpperCase()} pulse: ${result.reason ?? 'refused'}`,
        );
      return;
    }
    case 'command': {
      if (spec.command === undefined)
        throw new StepFailure('reboot: method command needs `command`');
      const code = await context.waitingFor(
        `the reset command: ${spec.command}`,
        runShellCommand(spec.command, {
          cwd: context.directory,
          signal: context.signal,
          log: context.log,
        }),
      );
      if (code !== 0)
        throw new StepFailure(`reboot: the command exited with status ${code}: ${spec.command}`);
      return;
    }
  }
}

/**
 * Restarts the device, then waits until it answers again. On a stream link (tcp, unix) the
 * restart drops the connection, so the step first waits for that drop (the harness client then
 * reconnects); a serial line stays open through a reset.
 */
export const rebootStep = defineStep({
  kind: 'reboot',
  role: 'device-under-test',
  schema: z
    .strictObject({
      method: z
        .enum(['auto', 'request', 'target', 'dtr', 'rts', 'command'])
        .describe(
          "auto (default): the target's own reset if it has one, else request; request: " +
            '/sys/reboot; target: emulator or process control; dtr/rts: pulse the line; command',
        )
        .optional(),
      path: z
        .string()
        .describe('the reboot path for method request (default /sys/reboot)')
        .optional(),
      command: z.string().describe('shell command for method command').optional(),
      within: Duration.describe('the device must answer a ping again within this time').optional(),
    })
    .nullable()
    .describe('restart the device and wait until it answers again'),
  plan: (input) => ({
    method: input?.method,
    path: input?.path,
    command: input?.command,
    withinMs: optionalDurationMs(input?.within),
  }),
  title: (spec) => `reboot (${spec.method ?? 'auto'})`,
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const device = context.device();
    const within = spec.withinMs ?? DEFAULT_RECOVERY_MS;
    const started = performance.now();
    const requested = spec.method ?? 'auto';
    const method: Method =
      requested === 'auto'
        ? context.target?.reset !== undefined
          ? 'target'
          : 'request'
        : requested;
    device.pendingDisconnects = 0;
    device.pendingReconnects = 0;
    await trigger(method, spec, context);
    if (context.target?.transportKind !== 'serial') {
      await context.waitingFor(
        'the connection to drop after the reset',
        device.changes.until(
          () => (device.pendingDisconnects > 0 || !device.connected ? true : undefined),
          {
            what: `drop of the connection after the reset (method ${method})`,
            timeoutMs: within,
            signal: context.signal,
          },
        ),
      );
    }
    device.subscriptions.clear();
    const remaining = Math.max(0, within - (performance.now() - started));
    await context.waitingFor(
      'the device to answer again after the reset',
      awaitRecovery(
        device,
        context,
        remaining,
        `reboot (method ${method}, ${formatDuration(within)})`,
      ),
    );
    return { latencyMs: performance.now() - started, note: `method ${method}` };
  },
});
