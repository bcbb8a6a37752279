import { createHash } from 'node:crypto';
import type { ScenarioPlan } from './scenario-plan.js';

/** --shard i/n: 1-based index of n. */
export interface Shard {
  index: number;
  count: number;
}

const keyOf = (plan: Pick<ScenarioPlan, 'file' | 'name'>): string =>
  `${plan.file}\u0000${plan.name}`;

/**
 * The identity of a suite (which scenarios, before a shard took its slice): shards of one
 * suite carry the same id, so merge-reports can refuse reports of different suites.
 */
export function suiteId(plans: readonly ScenarioPlan[]): string {
  const keys = plans.map(keyOf).sort();
  return createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 16);
}

/**
 * The scenarios of shard `shard.index` of `shard.count`, in the suite's order. Deterministic:
 * the same suite and durations give every CI job the same split. With durations (ms per
 * scenario file and name, from an earlier report.json) the slices are balanced by time
 * (longest first onto the lightest shard; unknown scenarios count as the mean); without, by
 * count (every n-th scenario).
 */
export function selectShard(
  plans: readonly ScenarioPlan[],
  shard: Shard,
  durations?: ReadonlyMap<string, number>,
): ScenarioPlan[] {
  const order = plans.map((plan, position) => ({ plan, position }));
  let owner: number[];
  if (durations === undefined || durations.size === 0) {
    const sorted = [...order].sort((a, b) => keyOf(a.plan).localeCompare(keyOf(b.plan)));
    owner = new Array<number>(plans.length);
    sorted.forEach((entry, rank) => (owner[entry.position] = rank % shard.count));
  } else {
    const known = [...durations.values()];
    const mean = known.reduce((sum, value) => sum + value, 0) / known.length;
    const cost = (plan: ScenarioPlan): number => durations.get(keyOf(plan)) ?? mean;
    const sorted = [...order].sort(
      (a, b) => cost(b.plan) - cost(a.plan) || keyOf(a.plan).localeCompare(keyOf(b.plan)),
    );
    const load = new Array<number>(shard.count).fill(0);
    owner = new Array<number>(plans.length);
    for (const entry of sorted) {
      let lightest = 0;
      for (let i = 1; i < shard.count; i++)
        if ((load[i] ?? 0) < (load[lightest] ?? 0)) lightest = i;
      owner[entry.position] = lightest;
      load[lightest] = (load[lightest] ?? 0) + cost(entry.plan);
    }
  }
  return order.filter((entry) => owner[entry.position] === shard.index - 1).map((e) => e.plan);
}

/** Mean duration of each scenario (by file and name) in a report's results. */
export function durationsOf(
  scenarios: readonly { file: string; name: string; durationMs: number }[],
): Map<string, number> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const scenario of scenarios) {
    const entry = sums.get(keyOf(scenario)) ?? { total: 0, count: 0 };
    entry.total += scenario.durationMs;
    entry.count++;
    sums.set(keyOf(scenario), entry);
  }
  return new Map([...sums].map(([key, { total, count }]) => [key, total / count]));
}
