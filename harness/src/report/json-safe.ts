/*
 * `expected` and `received` in a StepResult are `unknown`: a scenario may put bytes, bigints
 * (int64 fields) or errors there. JSON.stringify throws on a bigint and turns a Uint8Array into
 * an index map, so every report renders these values through `toJsonSafe` first.
 */

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** A copy of `value` that JSON.stringify renders faithfully and without throwing. */
export function toJsonSafe(value: unknown, seen: Set<object> = new Set()): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return String(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return { hex: toHex(value) };
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return {
        name: value.name,
        message: value.message,
        ...(code === undefined ? {} : { code: toJsonSafe(code, seen) }),
      };
    }
    if (Array.isArray(value)) return value.map((item) => toJsonSafe(item, seen));
    if (value instanceof Map) {
      return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonSafe(v, seen)]));
    }
    if (value instanceof Set) return [...value].map((item) => toJsonSafe(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toJsonSafe(item, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** Human-readable JSON for a report cell; `undefined` shows as nothing. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(toJsonSafe(value), null, 2) ?? String(value);
}
