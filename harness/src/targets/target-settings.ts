import { NanoRpcError } from '@nanorpc-sim/core';
import { closestWord } from '../spelling/closest-word.js';
import type { TargetProvider } from './target-provider.js';

/** A --target-option key the target does not read: bad input, refused before it starts. */
export class UnknownTargetSettingError extends NanoRpcError {
  declare readonly code: 'ERR_UNKNOWN_TARGET_SETTING';

  constructor(message: string) {
    super('ERR_UNKNOWN_TARGET_SETTING', message);
  }
}

/**
 * Refuses settings whose key `provider` does not declare, so a misspelt option is not silently
 * ignored. A provider that declares no `settings` at all is not checked.
 */
export function checkTargetSettings(
  provider: TargetProvider,
  settings: Readonly<Record<string, string>>,
): void {
  if (provider.settings === undefined) return;
  const accepted = Object.keys(provider.settings).sort();
  const unknown = Object.keys(settings).filter(
    (key) => !Object.hasOwn(provider.settings ?? {}, key),
  );
  const [first] = unknown;
  if (first === undefined) return;
  const suggestion = closestWord(first, accepted);
  const keys = unknown.length === 1 ? `key ${first}` : `keys ${unknown.join(', ')}`;
  throw new UnknownTargetSettingError(
    `--target-option: target ${provider.name} does not know the ${keys}` +
      (suggestion !== undefined ? ` (did you mean ${suggestion}?)` : '') +
      (accepted.length === 0 ? `; it takes no settings` : `; it accepts ${accepted.join(', ')}`),
  );
}

/** --fault that a target cannot apply, even through the fault proxy: bad input, refused before it starts. */
export class FaultsNotAcceptedError extends NanoRpcError {
  declare readonly code: 'ERR_FAULTS_NOT_ACCEPTED';

  constructor(message: string) {
    super('ERR_FAULTS_NOT_ACCEPTED', message);
  }
}
