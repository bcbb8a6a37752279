import type { FrameTrace } from '../transport/frame-trace.js';

/*
 * The part of @nanorpc-sim/emulator the harness uses. The emulator package depends on the
 * harness, so the harness must not import it statically (that would be a project-reference
 * cycle): it is loaded at run time, through the npm workspace link (under jest, through the
 * module name mapper), and typed by this small interface.
 */

export interface EmulatorHandle {
  /** What a client connects to, e.g. tcp://127.0.0.1:41234 or serial:///tmp/x/host. */
  readonly endpoint: string;
  /** Restarts the device as /sys/reboot does. */
  reboot(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmulatorStartOptions {
  /** tcp://host:port (port 0 picks one), unix:///path, serial:///dev/x, or pty / pty:///dir. */
  listen: string;
  /** Fault specs as on the command line, e.g. latency=20. */
  faults?: readonly string[];
  logger?: { info(message: string): void; warn(message: string): void };
  trace?: FrameTrace;
}

export interface EmulatorModule {
  startEmulator(options: EmulatorStartOptions): Promise<EmulatorHandle>;
  /** Validates one fault spec; throws an error naming what is wrong. */
  parseFaultSpec(text: string): unknown;
}

const EMULATOR_PACKAGE = '@nanorpc-sim/emulator';

/** Imports the emulator package; a clear error when it is not installed. */
export async function loadEmulatorModule(): Promise<EmulatorModule> {
  // A specifier in a variable keeps TypeScript from resolving (and building) the package.
  const specifier: string = EMULATOR_PACKAGE;
  let loaded: Partial<EmulatorModule>;
  try {
    loaded = (await import(specifier)) as Partial<EmulatorModule>;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `cannot load ${EMULATOR_PACKAGE} (is the workspace installed and built?): ${reason}`,
      {
        cause,
      },
    );
  }
  if (typeof loaded.startEmulator !== 'function' || typeof loaded.parseFaultSpec !== 'function') {
    throw new Error(`${EMULATOR_PACKAGE} does not export startEmulator and parseFaultSpec`);
  }
  return loaded as EmulatorModule;
}
