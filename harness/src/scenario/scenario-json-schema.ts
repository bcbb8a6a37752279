import { z } from 'zod';
import { ScenarioFile } from './scenario-file-schema.js';

/** Where editors find the schema: scenarios/scenario.schema.json in the repository. */
export const SCENARIO_SCHEMA_ID =
  'https://github.com/nanorpc-hil/nanorpc-hil/scenarios/scenario.schema.json';

/**
 * The scenario file format as JSON Schema (draft 2020-12), generated from the zod schema so the
 * two cannot drift. Point a YAML file at it with `# yaml-language-server: $schema=...`.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioFile, { io: 'input', target: 'draft-2020-12' });
  return { ...schema, title: 'nanorpc-hil scenario' };
}

/** The schema as the text written to scenarios/scenario.schema.json (stable, newline-ended). */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
