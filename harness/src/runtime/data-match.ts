import { type JsonObject, parseStatus, statusName } from '@nanorpc-sim/core';
import { bytesToHex, hexToBytes } from './hex-bytes.js';
import { matchJson } from './json-match.js';
import type {
  DataMatchInput,
  StatusNameInput,
  TextMatchInput,
} from '../format/expectation-schema.js';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Text without control characters other than tab, newline, carriage return. */
function isPrintable(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f)
      return false;
  }
  return true;
}

/** Data as shown in reports: hex always, the text when it is valid UTF-8 and printable. */
export function describeData(data: Uint8Array, json?: JsonObject): Record<string, unknown> {
  const described: Record<string, unknown> = { hex: bytesToHex(data) };
  try {
    const text = utf8Decoder.decode(data);
    if (text !== '' && isPrintable(text)) described['utf8'] = text;
  } catch {
    // Not text; hex says it all.
  }
  if (json !== undefined) described['json'] = json;
  return described;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle));
}

function compareBytes(expected: Uint8Array, actual: Uint8Array, mode: string): boolean {
  if (mode === 'prefix') return indexOfBytes(actual.subarray(0, expected.length), expected) === 0;
  if (mode === 'contains') return indexOfBytes(actual, expected) >= 0;
  return Buffer.from(expected).equals(Buffer.from(actual));
}

function compareText(expected: string, actual: string, mode: string): boolean {
  if (mode === 'prefix') return actual.startsWith(expected);
  if (mode === 'contains') return actual.includes(expected);
  return actual === expected;
}

export interface DataMatchResult {
  /** Undefined when the data matches; else what differs. */
  mismatch: string | undefined;
  /** The decoded message when json was compared (for reports and captures). */
  json?: JsonObject;
}

/**
 * Compares received data with an (interpolated) expectation. `decode` turns the data into
 * JSON with the expectation's type or the path's default type.
 */
export function matchData(
  expected: DataMatchInput,
  data: Uint8Array,
  decode: (typeName: string | undefined) => JsonObject,
): DataMatchResult {
  const mode = expected.match;
  if (expected.hex !== undefined) {
    const bytes = hexToBytes(expected.hex, 'data.hex');
    const ok = compareBytes(bytes, data, mode ?? 'exact');
    return {
      mismatch: ok
        ? undefined
        : `data: expected hex ${describeMode(mode)}${bytesToHex(bytes)}, received ${bytesToHex(data)}`,
    };
  }
  if (expected.utf8 !== undefined) {
    const text = Buffer.from(data).toString('utf8');
    const ok = compareText(expected.utf8, text, mode ?? 'exact');
    return {
      mismatch: ok
        ? undefined
        : `data: expected text ${describeMode(mode)}${JSON.stringify(expected.utf8)}, received ${JSON.stringify(text)}`,
    };
  }
  if (expected.pattern !== undefined) {
    const text = Buffer.from(data).toString('utf8');
    const ok = new RegExp(expected.pattern, expected.flags).test(text);
    return {
      mismatch: ok
        ? undefined
        : `data: expected text matching /${expected.pattern}/${expected.flags ?? ''}, received ${JSON.stringify(text)}`,
    };
  }
  if (expected.json !== undefined) {
    const json = decode(expected.type);
    const mismatch = matchJson(
      expected.json,
      json,
      mode === 'exact' ? 'exact' : 'partial',
      'data.json',
    );
    return { mismatch, json };
  }
  return { mismatch: undefined };
}

function describeMode(mode: string | undefined): string {
  return mode === 'prefix' ? 'starting with ' : mode === 'contains' ? 'containing ' : '';
}

/** Undefined when `message` satisfies the expectation; else the difference. */
export function matchText(
  expected: TextMatchInput,
  message: string,
  what = 'message',
): string | undefined {
  if (typeof expected === 'string') {
    return message === expected
      ? undefined
      : `${what}: expected ${JSON.stringify(expected)}, received ${JSON.stringify(message)}`;
  }
  if ('pattern' in expected) {
    return new RegExp(expected.pattern, expected.flags).test(message)
      ? undefined
      : `${what}: expected text matching /${expected.pattern}/${expected.flags ?? ''}, received ${JSON.stringify(message)}`;
  }
  return message.includes(expected.contains)
    ? undefined
    : `${what}: expected text containing ${JSON.stringify(expected.contains)}, received ${JSON.stringify(message)}`;
}

/** The status a step expects (OK when none is given); undefined for `any`. */
export function expectedStatus(name: StatusNameInput | undefined): number | undefined {
  if (name === 'any') return undefined;
  return parseStatus(name ?? 'OK');
}

export function matchStatus(
  expected: StatusNameInput | undefined,
  status: number,
): string | undefined {
  const wanted = expectedStatus(expected);
  if (wanted === undefined || wanted === status) return undefined;
  return `status: expected ${statusName(wanted)}, received ${statusName(status)}`;
}
