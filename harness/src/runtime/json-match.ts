/*
 * Matching decoded messages (proto3 JSON) against what a scenario expects. Partial by default:
 * the fields given must match and others are ignored; `exact` also refuses extra fields.
 * 64-bit integers decode as decimal strings, so numbers compare by value whatever their form.
 * A value may be an operator object: {$gt|$gte|$lt|$lte|$ne: n}, {$pattern: regex}, {$any: true}.
 */

export type JsonMatchMode = 'partial' | 'exact';

const OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte', '$ne', '$pattern', '$any']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((key) => OPERATORS.has(key))
  );
}

function numeric(value: unknown): { big?: bigint; num: number } | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Number.isInteger(value) ? { big: BigInt(value), num: value } : { num: value };
  }
  if (typeof value === 'bigint') return { big: value, num: Number(value) };
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
    return { big: BigInt(value.trim()), num: Number(value) };
  }
  if (typeof value === 'string' && /^-?\d*\.\d+(?:e[+-]?\d+)?$/i.test(value.trim())) {
    return { num: Number(value) };
  }
  return undefined;
}

/** -1, 0, 1; undefined when either side is not a number. */
function compareNumbers(a: unknown, b: unknown): number | undefined {
  const x = numeric(a);
  const y = numeric(b);
  if (x === undefined || y === undefined) return undefined;
  if (x.big !== undefined && y.big !== undefined) return x.big < y.big ? -1 : x.big > y.big ? 1 : 0;
  return x.num < y.num ? -1 : x.num > y.num ? 1 : 0;
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function matchOperators(
  expected: Record<string, unknown>,
  actual: unknown,
  where: string,
): string | undefined {
  for (const [operator, operand] of Object.entries(expected)) {
    if (operator === '$any') {
      if (operand === true && actual === undefined) return `${where}: expected a value, found none`;
      continue;
    }
    if (operator === '$pattern') {
      if (typeof actual !== 'string' || !new RegExp(String(operand)).test(actual)) {
        return `${where}: expected text matching /${String(operand)}/, received ${show(actual)}`;
      }
      continue;
    }
    const order = compareNumbers(actual, operand);
    if (operator === '$ne') {
      if (order === 0 || (order === undefined && actual === operand))
        return `${where}: expected anything but ${show(operand)}`;
      continue;
    }
    const ok =
      order !== undefined &&
      ((operator === '$gt' && order > 0) ||
        (operator === '$gte' && order >= 0) ||
        (operator === '$lt' && order < 0) ||
        (operator === '$lte' && order <= 0));
    if (!ok) {
      const words: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };
      return `${where}: expected ${words[operator] ?? operator} ${show(operand)}, received ${show(actual)}`;
    }
  }
  return undefined;
}

/** The first difference between `expected` and `actual`, as a sentence; undefined when they match. */
export function matchJson(
  expected: unknown,
  actual: unknown,
  mode: JsonMatchMode = 'partial',
  where = 'json',
): string | undefined {
  if (isOperatorObject(expected)) return matchOperators(expected, actual, where);
  if (isRecord(expected)) {
    if (!isRecord(actual)) return `${where}: expected an object, received ${show(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const field = key in actual ? key : snakeToCamel(key);
      const mismatch = matchJson(value, actual[field], mode, `${where}.${key}`);
      if (mismatch !== undefined) return mismatch;
    }
    if (mode === 'exact') {
      const expectedKeys = new Set(Object.keys(expected).map(snakeToCamel));
      const extra = Object.keys(actual).filter((key) => !expectedKeys.has(key));
      if (extra.length > 0) return `${where}: unexpected field(s) ${extra.join(', ')}`;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: expected an array, received ${show(actual)}`;
    if (actual.length !== expected.length) {
      return `${where}: expected ${expected.length} element(s), received ${actual.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const mismatch = matchJson(expected[i], actual[i], mode, `${where}[${i}]`);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  if (expected === null) {
    return actual === null || actual === undefined
      ? undefined
      : `${where}: expected nothing, received ${show(actual)}`;
  }
  const order = compareNumbers(expected, actual);
  if (order !== undefined && typeof expected !== 'string') {
    return order === 0
      ? undefined
      : `${where}: expected ${show(expected)}, received ${show(actual)}`;
  }
  if (order !== undefined && typeof actual !== 'string') {
    return order === 0
      ? undefined
      : `${where}: expected ${show(expected)}, received ${show(actual)}`;
  }
  return expected === actual
    ? undefined
    : `${where}: expected ${show(expected)}, received ${show(actual)}`;
}

function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Reads `a.b.0.c` from a decoded object; undefined when absent. */
export function readJsonPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split('.').filter((s) => s !== '')) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isRecord(current)) current = current[segment] ?? current[snakeToCamel(segment)];
    else return undefined;
  }
  return current;
}
