import type { TargetProvider } from '../target-provider.js';
import { startFirmwareHost } from './firmware-host-target.js';

/** The C firmware's host build on a pseudo-terminal, reached through the real serial transport. */
export const targetProvider: TargetProvider = {
  name: 'firmware-host-pty',
  description: 'the C firmware host build on a pseudo-terminal, through the serial transport',
  start: (options) => startFirmwareHost('firmware-host-pty', 'pty', options),
};
