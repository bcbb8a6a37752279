import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NanoRpcError, parseEndpoint } from '@nanorpc-sim/core';
import { closestWord } from './closest-word.js';
import { runShellCommand } from './shell-command.js';
import type { RunningTarget, TargetProvider, TargetStartOptions } from './target-provider.js';

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

/** The folder of target provider files (src/scenario/targets or dist/scenario/targets). */
const TARGETS_FOLDER = fileURLToPath(new URL('./targets/', import.meta.url));

function isModuleFile(name: string): boolean {
  if (name.endsWith('.d.ts') || name.includes('.test.')) return false;
  return name.endsWith('.js') || name.endsWith('.ts');
}

/**
 * The named targets. Each file in scenario/targets/ that exports `targetProvider` adds one, so a
 * new target (firmware-host, qemu) is one new file and no edit elsewhere.
 */
export class TargetRegistry {
  private readonly providers = new Map<string, TargetProvider>();
  /** Provider files that failed to load, by file name without extension, with the reason. */
  readonly broken = new Map<string, string>();

  constructor(providers: readonly TargetProvider[] = []) {
    for (const provider of providers) this.add(provider);
  }

  static async discover(folder: string = TARGETS_FOLDER): Promise<TargetRegistry> {
    const registry = new TargetRegistry();
    const names = (await readdir(folder)).filter(isModuleFile).sort();
    for (const name of names) {
      try {
        const loaded = (await import(pathToFileURL(path.join(folder, name)).href)) as {
          targetProvider?: TargetProvider;
        };
        if (loaded.targetProvider !== undefined) registry.add(loaded.targetProvider);
      } catch (error) {
        // One broken provider file must not break every command; --target <it> says why.
        const reason = error instanceof Error ? error.message : String(error);
        registry.broken.set(name.replace(/\.(?:js|ts)$/, ''), reason);
      }
    }
    return registry;
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
    const failure = this.broken.get(target);
    if (provider === undefined && failure !== undefined) {
      throw new Error(`target ${target} could not be loaded: ${failure}`);
    }
    if (provider === undefined) {
      throw new UnknownTargetError(target, [...this.providers.keys()].sort());
    }
    return provider;
  }
}

/** The --target-option keys an endpoint target reads. */
export const ENDPOINT_SETTINGS: Readonly<Record<string, string>> = {
  'reset-command': 'a shell command that resets the device, for reboot steps',
};

/**
 * A device that is already running at an endpoint (a board on a serial line, a third-party
 * server). Its reset is the --target-option reset-command, when given.
 */
export function endpointTarget(text: string): TargetProvider {
  const endpoint = parseEndpoint(text);
  return {
    name: 'endpoint',
    description: `the device at ${text}`,
    settings: ENDPOINT_SETTINGS,
    start: async (options: TargetStartOptions): Promise<RunningTarget> => {
      const resetCommand = options.settings['reset-command'];
      return {
        name: 'endpoint',
        endpoint: text,
        transportKind: endpoint.kind,
        ...(resetCommand !== undefined && {
          reset: async () => {
            const code = await runShellCommand(resetCommand, {
              cwd: options.cwd,
              signal: options.signal,
              log: options.log,
            });
            if (code !== 0)
              throw new Error(`reset-command exited with status ${code}: ${resetCommand}`);
          },
        }),
        stop: async () => undefined,
      };
    },
  };
}
