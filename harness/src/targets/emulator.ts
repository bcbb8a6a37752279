import type { TargetProvider } from './target-provider.js';
import { startEmulatorTarget } from './emulator-target.js';

/** The built-in emulator over loopback TCP: the default target of `nanorpc-hil run`. */
export const emulatorTarget: TargetProvider = {
  name: 'emulator',
  description: 'the built-in emulator of the demo device, over loopback TCP (default)',
  acceptsFaults: true,
  settings: {
    listen: 'endpoint to listen on (default tcp://127.0.0.1:0; unix:///path works too)',
  },
  start: (options) => {
    const listen = options.settings['listen'] ?? 'tcp://127.0.0.1:0';
    return startEmulatorTarget(
      'emulator',
      listen,
      listen.startsWith('unix:') ? 'unix' : 'tcp',
      options,
    );
  },
};
