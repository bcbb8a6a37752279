import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ScenarioFileError, type ScenarioFileIssue } from './scenario-file-error.js';
import { ScenarioFile } from './scenario-file-schema.js';
import { PlanBuilder } from './plan-builder.js';
import type { ScenarioPlan } from './scenario-plan.js';
import { describeSchemaIssues } from './schema-issues.js';
import { SourceLocator } from './source-locator.js';
import { resolveProtoFile } from '../runtime/built-in-protos.js';
import { ProtoCache } from './proto-files.js';
import { checkPayloads } from './payload-check.js';
import { checkTypeNames } from './type-name-check.js';

/** Why a whole document is not a scenario (a mapping), in words; undefined when it is one. */
function describeNonMapping(input: unknown): string | undefined {
  const expected = 'a scenario is a mapping with at least name and steps';
  if (input === null || input === undefined) return `the file is empty: ${expected}`;
  if (Array.isArray(input)) return `the file holds a list: ${expected} (steps go under steps:)`;
  if (typeof input !== 'object') return `the file holds a single ${typeof input}: ${expected}`;
  return undefined;
}

/**
 * Parses and validates scenario text (YAML, or JSON, which YAML reads too). `file` names the
 * source in messages and reports; `directory` is where relative paths in it start.
 * Throws ScenarioFileError naming file:line:column and the field of each problem.
 */
export function parseScenario(
  text: string,
  file: string,
  directory: string,
  protoCache: ProtoCache = new ProtoCache(),
): ScenarioPlan {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new ScenarioFileError(
      document.errors.map((error): ScenarioFileIssue => {
        const position = lineCounter.linePos(error.pos[0]);
        // yaml's messages may end with a code excerpt after a colon and newline; keep the sentence.
        const message = error.message.split('\n')[0]?.replace(/:$/, '') ?? error.message;
        return {
          file,
          line: position.line,
          column: position.col,
          field: '',
          message: `invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${message}`,
        };
      }),
    );
  }
  let input: unknown;
  try {
    input = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // yaml refuses alias expansion beyond the count (a "billion laughs" file): bad input.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScenarioFileError([
      { file, line: 1, column: 1, field: '', message: `invalid YAML: ${reason}` },
    ]);
  }
  const notAMapping = describeNonMapping(input);
  if (notAMapping !== undefined) {
    throw new ScenarioFileError([{ file, line: 1, column: 1, field: '', message: notAMapping }]);
  }
  const locator = new SourceLocator(document, lineCounter);
  const parsed = ScenarioFile.safeParse(input);
  if (!parsed.success) {
    throw new ScenarioFileError(describeSchemaIssues(parsed.error.issues, input, locator, file));
  }
  const builder = new PlanBuilder(file, locator, parsed.data.role ?? 'device-under-test');
  const plan = builder.build(parsed.data, directory);
  if (builder.issues.length > 0) throw new ScenarioFileError(builder.issues);
  if (plan.protoFiles.length > 0) {
    loadProtoFiles(plan, parsed.data.proto, directory, locator, file, protoCache);
  }
  // Types first: a payload whose type is unknown is reported once, by the type check.
  const typeIssues = checkTypeNames(parsed.data.steps, plan.payloads, locator, file);
  if (typeIssues.length > 0) throw new ScenarioFileError(typeIssues);
  const payloadIssues = checkPayloads(parsed.data.steps, plan.payloads, locator, file);
  if (payloadIssues.length > 0) throw new ScenarioFileError(payloadIssues);
  return plan;
}

/** Resolves and loads the plan's .proto files into plan.payloads; problems name `proto`. */
function loadProtoFiles(
  plan: ScenarioPlan,
  proto: string | string[] | undefined,
  directory: string,
  locator: SourceLocator,
  file: string,
  protoCache: ProtoCache,
): void {
  const issues: ScenarioFileIssue[] = [];
  const resolved = plan.protoFiles.map((name, index) => {
    const found = resolveProtoFile(name, directory);
    if (found === undefined) {
      const where = Array.isArray(proto) ? ['proto', index] : ['proto'];
      const { line, column } = locator.locate(where);
      issues.push({
        file,
        line,
        column,
        field: 'proto',
        message: `${name}: not found next to the scenario, nor a built-in schema (nanorpc.proto, demo_device.proto)`,
      });
    }
    return found;
  });
  if (issues.length > 0) throw new ScenarioFileError(issues);
  try {
    plan.payloads = protoCache.get(resolved as string[]);
  } catch (error) {
    const { line, column } = locator.locate(['proto']);
    throw new ScenarioFileError([
      { file, line, column, field: 'proto', message: (error as Error).message },
    ]);
  }
}

/** Reads and validates one scenario file; `file` is reported as given (relative stays relative). */
export async function loadScenarioFile(
  file: string,
  cwd: string = process.cwd(),
  protoCache: ProtoCache = new ProtoCache(),
): Promise<ScenarioPlan> {
  const absolute = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ScenarioFileError(
      [{ file, line: 0, column: 0, field: '', message: `cannot read: ${reason}` }],
      {
        cause,
      },
    );
  }
  return parseScenario(text, file, path.dirname(absolute), protoCache);
}
