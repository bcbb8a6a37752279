import { NanoRpcError } from '@nanorpc-sim/core';
import { closestWord } from '../spelling/closest-word.js';
import { BUILT_IN_TARGETS } from './built-in-targets.js';
import { endpointTarget } from './endpoint.js';
import type { TargetProvider } from './target-provider.js';
import { proxyFaults, withFaultProxy } from './fault-proxy-target.js';
import { checkTargetSettings } from './target-settings.js';

/** --target names neither an endpoint nor a known built-in target. */
export class UnknownTargetError extends NanoRpcError {
  declare readonly code: 'ERR_UNKNOWN_TARGET';

  constructor(name: string, known: readonly string[]) {
    const suggestion = closestWord(name, known);
    super(
      'ERR_UNKNOWN_TARGET',
      `unknown target "${name}"${suggestion !== undefined ? ` (did you mean ${suggestion}?)` : ''}: ` +
        'use an endpoint (tcp://host:port, unix:///path, serial:///dev/ttyX?baud=115200) ' +
        `or one of ${known.join(', ')}`,
    );
  }
}

/** The named targets: the built-in list (built-in-targets.ts), or the providers given. */
export class TargetRegistry {
  private readonly providers = new Map<string, TargetProvider>();

  constructor(providers: readonly TargetProvider[] = []) {
    for (const provider of providers) this.add(provider);
  }

  /** The registry of the `nanorpc-hil` command: every built-in target. */
  static builtIn(): TargetRegistry {
    return new TargetRegistry(BUILT_IN_TARGETS);
  }

  add(provider: TargetProvider): void {
    if (this.providers.has(provider.name)) {
      throw new Error(`two target providers are named ${provider.name}`);
    }
    this.providers.set(provider.name, provider);
  }

  get(name: string): TargetProvider | undefined {
    return this.providers.get(name);
  }

  list(): TargetProvider[] {
    return [...this.providers.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The provider for a --target value: an endpoint (validated now, so a typo is bad input
   * before anything starts) or a built-in name.
   */
  resolve(target: string): TargetProvider {
    if (target.includes('://')) return endpointTarget(target);
    const provider = this.providers.get(target);
    if (provider === undefined) {
      throw new UnknownTargetError(target, [...this.providers.keys()].sort());
    }
    return provider;
  }

  /**
   * resolve(), then refuses --target-option keys the provider does not declare (bad input, exit
   * 2). --fault specs go to a provider that injects faults itself (the emulators); any other
   * target runs behind the fault proxy (fault-proxy.ts), which refuses what it cannot apply.
   */
  select(
    target: string,
    options: { faults: readonly string[]; settings: Readonly<Record<string, string>> },
  ): TargetProvider {
    const provider = this.resolve(target);
    checkTargetSettings(provider, options.settings);
    if (options.faults.length === 0 || provider.acceptsFaults) return provider;
    return withFaultProxy(provider, proxyFaults(target, options.faults));
  }
}
