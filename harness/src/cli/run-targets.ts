import type { MatrixTarget } from '../scenario/target-matrix.js';
import type { TargetRegistry } from '../targets/target-registry.js';
import { boardProvider } from './board-provider.js';
import type { BoardEntry } from './targets-file.js';
import { UsageError } from './usage-error.js';

/**
 * The targets of a run: each --target (with the command line's settings and faults; a name
 * given twice becomes name#2), then each board of the targets file. Labels are unique.
 */
export function runTargets(
  registry: TargetRegistry,
  names: readonly string[],
  commandLine: { settings: Readonly<Record<string, string>>; faults: readonly string[] },
  boards: readonly BoardEntry[],
): MatrixTarget[] {
  const targets: MatrixTarget[] = [
    ...names.map((name, index) => {
      const provider = registry.select(name, commandLine);
      const earlier = names
        .slice(0, index)
        .filter((other) => registry.resolve(other).name === provider.name).length;
      const label = earlier === 0 ? provider.name : `${provider.name}#${earlier + 1}`;
      return { label, provider, ...commandLine };
    }),
    ...boards.map((board): MatrixTarget => {
      const settings = board.options ?? {};
      const faults = board.faults ?? [];
      const provider = registry.select(board.target, { faults, settings });
      return {
        label: board.name,
        provider: boardProvider(provider, board),
        settings,
        faults,
        ...(board.capabilities !== undefined && { capabilities: board.capabilities }),
      };
    }),
  ];
  const duplicate = targets.find(
    (target, index) => targets.findIndex((other) => other.label === target.label) !== index,
  );
  if (duplicate !== undefined)
    throw new UsageError(`--targets: the name ${duplicate.label} is used twice in this run`);
  return targets;
}
