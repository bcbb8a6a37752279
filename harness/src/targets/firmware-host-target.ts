import { spawn } from 'node:child_process';
import type { RunningTarget, TargetStartOptions } from './target-provider.js';
import { killWithParent, stopChildProcess } from './child-process-stop.js';
import { firmwareArtifact } from './firmware-build.js';
import { waitForReadyLine } from './ready-line.js';
import { TargetStartError } from './target-start-error.js';

/** The settings both host-build targets read (firmwareArtifact and firmwareDirectory). */
export const FIRMWARE_HOST_SETTINGS: Readonly<Record<string, string>> = {
  binary: 'a prebuilt nanorpc-device to run instead of building firmware/ (relative to the cwd)',
  'firmware-dir': "the firmware folder to build with make (default: the repository's firmware/)",
};

/** How the host build serves the device: loopback TCP, or a pseudo-terminal (a serial line). */
export type FirmwareHostLink = 'tcp' | 'pty';

const READY_TIMEOUT_MS = 10_000;
/** `nanorpc-device: listening tcp://127.0.0.1:PORT` or `nanorpc-device: pty /dev/pts/N`. */
const READY_LINE = /^nanorpc-device: (?:listening (tcp:\/\/\S+)|pty (\S+))$/;

function deviceArguments(
  link: FirmwareHostLink,
  settings: Readonly<Record<string, string>>,
): string[] {
  if (link === 'tcp') {
    const listen = settings['listen'] ?? 'tcp://127.0.0.1:0';
    if (!listen.startsWith('tcp://')) {
      throw new TargetStartError(
        `--target-option listen=${listen}: firmware-host listens on tcp://HOST:PORT ` +
          '(for a pseudo-terminal use --target firmware-host-pty)',
      );
    }
    return ['--listen', listen];
  }
  const ptyLink = settings['pty-link'];
  return ptyLink === undefined ? ['--pty'] : ['--pty', '--pty-link', ptyLink];
}

/**
 * Builds the firmware's host binary if needed (or takes binary=PATH), starts it on `link` and
 * waits for its ready line. It has no reset of its own: reboot steps send /sys/reboot, which the
 * firmware serves like a board would (boot_count +1; TCP connections drop, the pty stays).
 */
export async function startFirmwareHost(
  name: string,
  link: FirmwareHostLink,
  options: TargetStartOptions,
): Promise<RunningTarget> {
  const args = deviceArguments(link, options.settings);
  const log = (line: string): void => options.log(`${name}: ${line}`);
  const binary = await firmwareArtifact('host', 'binary', options, log);
  log(`starting ${binary} ${args.join(' ')}`);
  const child = spawn(binary, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const unhook = killWithParent(child);
  // Until the ready line, waitForReadyLine reports failures; afterwards these do.
  let watching = false;
  child.on('error', (error) => {
    if (watching) log(`process error: ${error.message}`);
  });
  child.on('exit', (code, signal) => {
    if (watching) log(`nanorpc-device exited unexpectedly (${code ?? signal ?? '?'})`);
  });
  const stop = async (): Promise<void> => {
    watching = false;
    await stopChildProcess(child);
    unhook();
  };
  let match: RegExpExecArray;
  try {
    match = await waitForReadyLine(child, {
      pattern: READY_LINE,
      what: 'nanorpc-device',
      timeoutMs: READY_TIMEOUT_MS,
      signal: options.signal,
      log,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  watching = true;
  const ptyPath = options.settings['pty-link'] ?? match[2];
  const endpoint = match[1] ?? `serial://${ptyPath ?? ''}`;
  log(`ready at ${endpoint} (pid ${child.pid ?? '?'})`);
  return {
    name,
    endpoint,
    transportKind: link === 'tcp' ? 'tcp' : 'serial',
    stop,
  };
}
