import type { TargetProvider } from './target-provider.js';
import { FIRMWARE_HOST_SETTINGS, startFirmwareHost } from './firmware-host-target.js';

/** The C firmware's host build over loopback TCP (built by make when needed). */
export const firmwareHostTarget: TargetProvider = {
  name: 'firmware-host',
  description: 'the C firmware built for this machine (make -C firmware host), over loopback TCP',
  acceptsFaults: false,
  settings: {
    listen: 'tcp://HOST:PORT to listen on (default tcp://127.0.0.1:0)',
    ...FIRMWARE_HOST_SETTINGS,
  },
  start: (options) => startFirmwareHost('firmware-host', 'tcp', options),
};
