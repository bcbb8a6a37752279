import type { z } from 'zod';
import { closestWord } from '../spelling/closest-word.js';
import type { ScenarioFileIssue } from './scenario-file-error.js';
import { STEP_KINDS } from '../steps/step-registry.js';
import { formatSourcePath, type SourceLocator, type SourcePath } from './source-locator.js';

type Issue = z.core.$ZodIssue;

/** Whether `path` names one step: [..., 'steps', n]. */
function isStepPath(path: SourcePath): boolean {
  return typeof path[path.length - 1] === 'number' && path[path.length - 2] === 'steps';
}

function valueAt(root: unknown, path: SourcePath): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function withSuggestion(key: string): string {
  const best = closestWord(key, STEP_KINDS);
  return best !== undefined ? `${key} (did you mean ${best}?)` : key;
}

/**
 * zod reports a union that matched no option as one issue holding every option's issues. A
 * person meant one option: for a step it is the one named by the step's key; elsewhere it is
 * the option whose type fitted (its issues are not about the value's type).
 */
function explainUnion(issue: Extract<Issue, { code: 'invalid_union' }>, input: unknown): Issue[] {
  const path = issue.path as SourcePath;
  const value = valueAt(input, path);
  if (isStepPath(path)) {
    const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
    const kinds = keys.filter((key) => (STEP_KINDS as readonly string[]).includes(key));
    if (kinds.length === 1) {
      const index = STEP_KINDS.indexOf(kinds[0] as (typeof STEP_KINDS)[number]);
      const branch = issue.errors[index] ?? [];
      return branch.map((inner) => ({ ...inner, path: [...path, ...inner.path] }) as Issue);
    }
    const found =
      kinds.length === 0
        ? `found ${keys.length ? keys.map(withSuggestion).join(', ') : 'no key'}`
        : `found ${kinds.join(', ')}`;
    return [
      {
        code: 'custom',
        path: issue.path,
        input: value,
        message: `a step needs exactly one step key (${STEP_KINDS.join(', ')}); ${found}`,
      } as Issue,
    ];
  }
  const fitting = issue.errors.filter(
    (branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
  );
  if (fitting.length === 1) {
    return (fitting[0] as Issue[]).map(
      (inner) => ({ ...inner, path: [...path, ...inner.path] }) as Issue,
    );
  }
  const expected = issue.errors
    .flatMap((branch) =>
      branch.filter((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
    )
    .map((inner) => (inner as Extract<Issue, { code: 'invalid_type' }>).expected);
  const message =
    fitting.length === 0 && expected.length > 0
      ? `expected ${[...new Set(expected)].join(' or ')}, received ${typeOf(value)}`
      : `does not match any accepted form: ${issue.errors
          .map((branch) => branch.map((inner) => inner.message).join(', '))
          .join(' | ')}`;
  return [{ code: 'custom', path: issue.path, input: value, message } as Issue];
}

function flatten(issues: readonly Issue[], input: unknown): Issue[] {
  const result: Issue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union') result.push(...flatten(explainUnion(issue, input), input));
    else result.push(issue);
  }
  return result;
}

function messageOf(issue: Issue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  if (issue.code === 'invalid_type' && valueAt(input, issue.path as SourcePath) === undefined) {
    return `required (expected ${issue.expected})`;
  }
  if (issue.code === 'invalid_key' || issue.code === 'invalid_element') {
    return issue.issues.map((inner) => inner.message).join('; ');
  }
  return issue.message;
}

/** zod issues of a scenario file as located, readable issues (file:line:column, field). */
export function describeSchemaIssues(
  issues: readonly Issue[],
  input: unknown,
  locator: SourceLocator,
  file: string,
): ScenarioFileIssue[] {
  return flatten(issues, input).map((issue) => {
    const path = issue.path as SourcePath;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const { line, column } = locator.locate(path, key);
    const field =
      issue.code === 'unrecognized_keys' && issue.keys.length === 1
        ? formatSourcePath([...path, issue.keys[0] as string])
        : formatSourcePath(path);
    return { file, line, column, field, message: messageOf(issue, input) };
  });
}
