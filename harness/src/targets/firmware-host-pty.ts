import type { TargetProvider } from './target-provider.js';
import { FIRMWARE_HOST_SETTINGS, startFirmwareHost } from './firmware-host-target.js';

/** The C firmware's host build on a pseudo-terminal, reached through the real serial transport. */
export const firmwareHostPtyTarget: TargetProvider = {
  name: 'firmware-host-pty',
  description: 'the C firmware host build on a pseudo-terminal, through the serial transport',
  acceptsFaults: false,
  settings: {
    'pty-link': 'a path the device links to its pseudo-terminal; the endpoint uses it',
    ...FIRMWARE_HOST_SETTINGS,
  },
  start: (options) => startFirmwareHost('firmware-host-pty', 'pty', options),
};
