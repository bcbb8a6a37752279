import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../../src/scenario/scenario-json-schema.js';
import { loadScenarioSet } from '../../src/scenario/scenario-set.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCENARIOS = path.join(REPO, 'scenarios');

describe('the scenarios/ folder of the repository', () => {
  it('holds valid scenario files with unique names', async () => {
    const plans = await loadScenarioSet(['scenarios'], REPO);
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan.steps.length).toBeGreaterThan(0);
  });

  it('has the JSON Schema the code generates, when it is committed', () => {
    const file = path.join(SCENARIOS, 'scenario.schema.json');
    if (!existsSync(file)) return; // `nanorpc-hil schema --out scenarios/scenario.schema.json` writes it
    expect(readFileSync(file, 'utf8')).toBe(scenarioJsonSchemaText());
  });
});
