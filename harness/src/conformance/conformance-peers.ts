import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NanoRpcError } from '@nanorpc-sim/core';
import { endpointTarget, TargetRegistry, type TargetProvider } from '../scenario/index.js';
import type { DriverLaunch } from './driver-process.js';
import { goReferenceBinary } from './go-reference-paths.js';
import { goReferenceServer } from './go-reference-server.js';

/** A server of the matrix: a row. */
export interface ServerPeer {
  label: string;
  provider: TargetProvider;
  /** Tags of device scenarios it cannot run, and why (UNSUPPORTED with that reason). */
  unsupportedTags: Readonly<Record<string, string>>;
}

/** A client of the matrix: a column. `harness` marks the harness client (device scenarios). */
export interface ClientPeer {
  label: string;
  launch: DriverLaunch;
  harness: boolean;
}

export const BUILT_IN_SERVERS = ['emulator', 'go-reference', 'firmware-host', 'qemu'] as const;
export const BUILT_IN_CLIENTS = ['harness', 'go-reference'] as const;

/** The firmware's frames are 256 bytes (NANORPC_MAX_FRAME_SIZE); scenarios tagged large need more. */
const FIRMWARE_LIMITS = {
  large: 'the firmware build takes frames of 256 bytes at most (/sys/info max_frame_size)',
};

/** A name of --server: a built-in, or an endpoint (tcp://, unix://, serial://). */
export function resolveServer(spec: string): ServerPeer {
  if (spec.includes('://'))
    return { label: spec, provider: endpointTarget(spec), unsupportedTags: {} };
  if (spec === 'go-reference')
    return { label: spec, provider: goReferenceServer, unsupportedTags: {} };
  if (spec === 'emulator' || spec === 'firmware-host' || spec === 'qemu') {
    const provider = TargetRegistry.builtIn().resolve(spec);
    return { label: spec, provider, unsupportedTags: spec === 'emulator' ? {} : FIRMWARE_LIMITS };
  }
  throw new NanoRpcError(
    'ERR_USAGE',
    `unknown server "${spec}": one of ${BUILT_IN_SERVERS.join(', ')}, or an endpoint such as tcp://HOST:PORT`,
  );
}

/** This harness's own command (dist/cli/main.js, also when running from the sources). */
function ownCommand(): string {
  const beside = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
}

/** A name of --client: a built-in, or a command line speaking the driver protocol. */
export function resolveClient(spec: string): ClientPeer {
  if (spec === 'harness')
    return {
      label: spec,
      harness: true,
      launch: { argv: [process.execPath, ownCommand(), 'conformance-driver'] },
    };
  if (spec === 'go-reference')
    return {
      label: spec,
      harness: false,
      launch: { argv: [goReferenceBinary('nanorpc-ref-client')] },
    };
  return { label: spec, harness: false, launch: { shell: spec } };
}
