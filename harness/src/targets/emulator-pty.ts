import type { TargetProvider } from './target-provider.js';
import { startEmulatorTarget } from './emulator-target.js';

/** The built-in emulator on a pseudo-terminal pair, reached through the real serial transport. */
export const emulatorPtyTarget: TargetProvider = {
  name: 'emulator-pty',
  description:
    'the built-in emulator on a pseudo-terminal, through the serial transport (needs socat)',
  acceptsFaults: true,
  settings: {},
  start: (options) => startEmulatorTarget('emulator-pty', 'pty', 'serial', options),
};
