import { emulatorPtyTarget } from './emulator-pty.js';
import { emulatorTarget } from './emulator.js';
import { firmwareHostPtyTarget } from './firmware-host-pty.js';
import { firmwareHostTarget } from './firmware-host.js';
import { qemuTarget } from './qemu.js';
import type { TargetProvider } from './target-provider.js';

/**
 * Every named target of `--target`, listed here rather than found by scanning a folder, so a
 * start reads no directory and a new target is one file plus one line here.
 */
export const BUILT_IN_TARGETS: readonly TargetProvider[] = [
  emulatorTarget,
  emulatorPtyTarget,
  firmwareHostTarget,
  firmwareHostPtyTarget,
  qemuTarget,
];
