import type { RunningTarget } from '../targets/target-provider.js';
import type { DeviceCapabilities } from './device-capabilities.js';
import type { ScenarioRequirements } from './scenario-requirements.js';

function from(capabilities: DeviceCapabilities, key: string): string {
  const source = capabilities.sources[key];
  return source === undefined
    ? ''
    : ` (from ${source === 'option' ? '--capability' : source === 'target' ? 'the target settings' : source === 'sys-info' ? '/sys/info' : 'a probe'})`;
}

/**
 * Why `target` does not meet `requires`, or undefined when it does. A capability nobody knows
 * (no /sys/info, nothing given) counts as met: the scenario runs and says for itself.
 */
export function unmetRequirement(
  requires: ScenarioRequirements,
  target: RunningTarget,
  capabilities: DeviceCapabilities,
): string | undefined {
  const { targets } = requires;
  if (
    targets !== undefined &&
    !targets.includes(target.name) &&
    !targets.includes(target.transportKind)
  ) {
    // Wording kept from the `targets:` key this replaces (tests and people grep for it).
    return `target ${target.name} (${target.transportKind}) is not in targets: [${targets.join(', ')}]`;
  }
  if (requires.transport !== undefined) {
    const kind = target.transportKind === 'serial' ? 'serial' : 'stream';
    if (kind !== requires.transport)
      return `requires transport ${requires.transport}; target ${target.name} is ${kind} (${target.transportKind})`;
  }
  const frame = capabilities.maxFrameSize;
  if (requires.maxFrameSize !== undefined && frame !== undefined && frame < requires.maxFrameSize)
    return `requires maxFrameSize >= ${requires.maxFrameSize}; the device has ${frame}${from(capabilities, 'maxFrameSize')}`;
  const slots = capabilities.maxSubscriptions;
  if (requires.subscriptions !== undefined && slots !== undefined && slots < requires.subscriptions)
    return `requires ${requires.subscriptions} subscriptions; the device holds ${slots}${from(capabilities, 'maxSubscriptions')}`;
  const missing = (requires.paths ?? []).filter((path) =>
    capabilities.pathsComplete
      ? capabilities.paths[path] !== true
      : capabilities.paths[path] === false,
  );
  if (missing.length > 0)
    return `requires path${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the device does not serve ${missing.length > 1 ? 'them' : 'it'}${from(capabilities, capabilities.pathsComplete ? 'paths' : `paths.${missing[0] ?? ''}`)}`;
  return undefined;
}
