import type { TargetProvider } from '../target-provider.js';
import { startFirmwareHost } from './firmware-host-target.js';

/** The C firmware's host build over loopback TCP (built by make when needed). */
export const targetProvider: TargetProvider = {
  name: 'firmware-host',
  description: 'the C firmware built for this machine (make -C firmware host), over loopback TCP',
  start: (options) => startFirmwareHost('firmware-host', 'tcp', options),
};
