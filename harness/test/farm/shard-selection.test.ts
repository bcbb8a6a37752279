import { parseScenario } from '../../src/scenario/scenario-loader.js';
import { durationsOf, selectShard, suiteId } from '../../src/scenario/shard-selection.js';

const plans = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) =>
  parseScenario(`name: ${name}\nsteps:\n  - ping:\n`, `${name}.yaml`, '/tmp'),
);
const names = (list: { name: string }[]) => list.map((plan) => plan.name);

describe('--shard i/n', () => {
  it('splits by count into disjoint slices covering the suite, the same every time', () => {
    const slices = [1, 2, 3].map((index) => names(selectShard(plans, { index, count: 3 })));
    expect(slices).toEqual([
      ['a', 'd', 'g'],
      ['b', 'e'],
      ['c', 'f'],
    ]);
    expect(names(selectShard([...plans].reverse(), { index: 1, count: 3 }))).toEqual([
      'g',
      'd',
      'a',
    ]);
  });

  it('balances by the durations of an earlier report (longest first onto the lightest)', () => {
    const durations = durationsOf([
      { file: 'a.yaml', name: 'a', durationMs: 9000 },
      { file: 'b.yaml', name: 'b', durationMs: 5000 },
      { file: 'c.yaml', name: 'c', durationMs: 4000 },
      { file: 'd.yaml', name: 'd', durationMs: 100 },
      { file: 'd.yaml', name: 'd', durationMs: 300 },
    ]);
    expect(durations.get('d.yaml\u0000d')).toBe(200);
    // e, f, g are unknown: each counts as the mean of the known (4550 ms); loads end at 17550 and 14300 ms.
    const slices = [1, 2].map((index) => names(selectShard(plans, { index, count: 2 }, durations)));
    expect(slices).toEqual([
      ['a', 'c', 'f'],
      ['b', 'd', 'e', 'g'],
    ]);
  });

  it('names a suite by its scenarios, whatever their order', () => {
    expect(suiteId(plans)).toBe(suiteId([...plans].reverse()));
    expect(suiteId(plans)).not.toBe(suiteId(plans.slice(1)));
  });
});
