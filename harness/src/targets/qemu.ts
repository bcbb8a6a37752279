import type { TargetProvider } from './target-provider.js';
import { firmwareArtifact } from './firmware-build.js';
import { QemuMachine } from './qemu-machine.js';

/**
 * The C firmware on an emulated Cortex-M3 board (QEMU lm3s6965evb), reached through the real
 * serial transport on QEMU's UART pty. Its own reset is QEMU's system reset; /sys/reboot resets
 * the core through the SCB, and the same pty keeps working either way.
 */
const QEMU_RESYNC_IDLE_MS = 1000;

export const qemuTarget: TargetProvider = {
  name: 'qemu',
  description:
    'the C firmware on QEMU lm3s6965evb (make -C firmware qemu), through the serial transport',
  acceptsFaults: false,
  settings: {
    qemu: 'the QEMU program (default qemu-system-arm)',
    machine: 'the QEMU machine (default lm3s6965evb)',
    'qemu-args': 'more QEMU arguments, separated by spaces',
    image: 'a prebuilt firmware image to boot instead of building firmware/ (relative to the cwd)',
    'firmware-dir': "the firmware folder to build with make (default: the repository's firmware/)",
  },
  start: async (options) => {
    const log = (line: string): void => options.log(`qemu: ${line}`);
    const image = await firmwareArtifact('qemu', 'image', options, log);
    const machine = await QemuMachine.start({
      program: options.settings['qemu'] ?? 'qemu-system-arm',
      machine: options.settings['machine'] ?? 'lm3s6965evb',
      image,
      extraArgs: (options.settings['qemu-args'] ?? '').split(/\s+/).filter((arg) => arg !== ''),
      log,
      signal: options.signal,
    });
    return {
      name: 'qemu',
      // An emulated UART can pause mid-frame when the host is busy (100 ms seen under load):
      // a longer idle gap than a real line's 50 ms keeps such a frame whole.
      endpoint: `serial://${machine.ptyPath}?resync=${QEMU_RESYNC_IDLE_MS}`,
      transportKind: 'serial',
      reset: () => machine.reset(),
      stop: () => machine.stop(),
    };
  },
};
