/**
 * The C names of generated code, exactly as firmware/README.md ("Generated C for the
 * dispatcher") defines them.
 */

const utf8 = new TextEncoder();

/** `<STEM>`: the file stem upper-cased, every run of other characters than [A-Za-z0-9] -> `_`. */
export function cPrefix(stem: string): string {
  return stem.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/** `<STEM>_PATH_<NAME>`; `<NAME>` is the path treated like the stem, without edge `_`. */
export function pathMacro(prefix: string, path: string): string {
  const name = path
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return `${prefix}_PATH_${name}`;
}

/**
 * A C string literal holding exactly the path's UTF-8 bytes: printable ASCII as is, anything
 * else (and `"`, `\`, `?`, which could start an escape or a trigraph) as a 3-digit octal
 * escape, which cannot run into the next character.
 */
export function cStringLiteral(text: string): string {
  let out = '"';
  for (const byte of utf8.encode(text)) {
    const plain = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c && byte !== 0x3f;
    out += plain ? String.fromCharCode(byte) : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** `0x%08xu`: an unsigned literal, so comparisons with uint32_t never warn. */
export function cHashLiteral(hash: number): string {
  return `0x${(hash >>> 0).toString(16).padStart(8, '0')}u`;
}

/** `GetHTTPStatus` -> `get_http_status`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/**
 * The function a handler table row points to: `<stem>_<rpc>` for a request handler (on_request);
 * for a `returns (stream X)` rpc, a topic, `<stem>_<rpc without Subscribe>_subscribe`
 * (on_subscribe), so `SubscribeTemperature` gives `demo_device_temperature_subscribe`.
 */
export function handlerFunction(stem: string, rpc: string, topic: boolean): string {
  const prefix = cPrefix(stem).toLowerCase();
  if (!topic) return `${prefix}_${snakeCase(rpc)}`;
  const base = /^Subscribe[A-Z0-9]/.test(rpc) ? rpc.slice('Subscribe'.length) : rpc;
  return `${prefix}_${snakeCase(base)}_subscribe`;
}

/** A C identifier may not start with a digit (`2fa.proto` gives no valid macro names). */
export function isCIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
