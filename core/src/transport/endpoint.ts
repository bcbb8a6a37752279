import { z } from 'zod';
import { NanoRpcError } from '../errors/nanorpc-error.js';

export type SerialParity = 'none' | 'even' | 'odd' | 'mark' | 'space';
export type SerialDataBits = 5 | 6 | 7 | 8;
export type SerialStopBits = 1 | 1.5 | 2;
/** Which modem line(s) to pulse on open; many boards reset on a DTR or RTS edge. */
export type SerialResetLines = 'dtr' | 'rts' | 'both' | 'none';

export interface TcpEndpoint {
  kind: 'tcp';
  /** Host name or address; an IPv6 address is kept without brackets. */
  host: string;
  /** 0 only makes sense for listening (the OS picks a port). */
  port: number;
  text: string;
}

export interface UnixEndpoint {
  kind: 'unix';
  path: string;
  text: string;
}

export interface SerialEndpoint {
  kind: 'serial';
  path: string;
  baudRate: number;
  dataBits: SerialDataBits;
  parity: SerialParity;
  stopBits: SerialStopBits;
  /** Pulse the modem lines on open (which ones: `resetLines`, or both when it is absent). */
  toggleDtrRtsOnOpen: boolean;
  /** Set by parseEndpoint; optional so that hand-made endpoints can keep to the contract. */
  resetLines?: SerialResetLines;
  /** Idle gap (ms without a byte) after which a partial frame is dropped; 0 turns it off. */
  resyncIdleMs: number;
  text: string;
}

export type Endpoint = TcpEndpoint | UnixEndpoint | SerialEndpoint;

export const SERIAL_DEFAULTS = {
  baudRate: 115200,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  resetLines: 'none',
  resyncIdleMs: 50,
} as const;

const SERIAL_PARAMETERS = ['baud', 'databits', 'parity', 'stopbits', 'reset', 'resync'] as const;

/** An endpoint string that cannot be used; the message says what is wrong with it. */
export class EndpointError extends NanoRpcError {
  declare readonly code: 'ERR_BAD_ENDPOINT';
  readonly endpoint: string;

  constructor(endpoint: string, problem: string) {
    super('ERR_BAD_ENDPOINT', `bad endpoint ${JSON.stringify(endpoint)}: ${problem}`);
    this.endpoint = endpoint;
  }
}

function wholeNumber(what: string, min: number, max: number) {
  return z
    .string()
    .regex(/^[0-9]+$/, {
      error: (issue) => `${what} ${JSON.stringify(issue.input)} is not a whole number`,
    })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, {
          error: (issue) => `${what} ${String(issue.input)} is out of range (${min}-${max})`,
        })
        .max(max, {
          error: (issue) => `${what} ${String(issue.input)} is out of range (${min}-${max})`,
        }),
    );
}

function oneOf<const T extends readonly [string, ...string[]]>(what: string, values: T) {
  return z.enum(values, {
    error: (issue) => `${what} ${JSON.stringify(issue.input)} is not one of ${values.join(', ')}`,
  });
}

// Hostnames (RFC 1123 labels), IPv4 and bracket-less IPv6 (checked loosely: the OS has the
// last word, the point here is a clear message for typos like "tcp://host name:1").
const HOST_PATTERN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9]+)?)$/;

const tcpSchema = z.object({
  host: z
    .string({ error: 'missing host (expected tcp://host:port)' })
    .min(1, { error: 'missing host (expected tcp://host:port)' })
    .regex(HOST_PATTERN, {
      error: (issue) => `host ${JSON.stringify(issue.input)} is not a valid host name or address`,
    }),
  port: z
    .string({ error: 'missing port (expected tcp://host:port)' })
    .min(1, { error: 'missing port (expected tcp://host:port)' })
    .pipe(wholeNumber('port', 0, 65535)),
});

const UNIX_PATH_MAX = process.platform === 'darwin' ? 103 : 107;

const unixSchema = z.object({
  path: z
    .string()
    .min(1, { error: 'missing socket path (expected unix:///path/to.sock)' })
    .startsWith('/', { error: 'the socket path must be absolute (expected unix:///path/to.sock)' })
    .refine((path) => Buffer.byteLength(path) <= UNIX_PATH_MAX, {
      error: (issue) =>
        `socket path is ${Buffer.byteLength(String(issue.input))} bytes; UNIX sockets allow at most ${UNIX_PATH_MAX}`,
    }),
});

const serialSchema = z.object({
  path: z.string().min(1, { error: 'missing device path (expected serial:///dev/ttyX)' }),
  parameters: z.strictObject(
    {
      baud: wholeNumber('baud rate', 1, 20_000_000).optional(),
      databits: oneOf('data bits', ['5', '6', '7', '8']).optional(),
      parity: oneOf('parity', ['none', 'even', 'odd', 'mark', 'space']).optional(),
      stopbits: oneOf('stop bits', ['1', '1.5', '2']).optional(),
      reset: oneOf('reset', ['dtr', 'rts', 'both', 'none']).optional(),
      resync: wholeNumber('resync idle gap (ms)', 0, 60_000).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')} (known: ${SERIAL_PARAMETERS.join(', ')})`
          : undefined,
    },
  ),
});

function firstProblem(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'invalid endpoint';
}

function decodePath(raw: string, text: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new EndpointError(text, `path ${JSON.stringify(raw)} has a broken %-escape`);
  }
}

/** Splits `?a=1&b=2` into an object; a repeated or empty-named parameter is an error. */
function parseQuery(query: string, text: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (query === '') return parameters;
  for (const [name, value] of new URLSearchParams(query)) {
    if (name === '') throw new EndpointError(text, 'a parameter has no name');
    if (Object.hasOwn(parameters, name)) {
      throw new EndpointError(text, `parameter ${JSON.stringify(name)} is given more than once`);
    }
    parameters[name] = value;
  }
  return parameters;
}

function parseTcp(rest: string, query: string | undefined, text: string): TcpEndpoint {
  if (query !== undefined) throw new EndpointError(text, 'tcp endpoints take no parameters');
  const authority = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  if (authority.includes('/')) {
    throw new EndpointError(text, 'tcp endpoints have no path (expected tcp://host:port)');
  }
  let host: string | undefined;
  let port: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) throw new EndpointError(text, 'IPv6 address is missing its closing "]"');
    host = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) {
      throw new EndpointError(text, `unexpected ${JSON.stringify(after)} after the IPv6 address`);
    }
    port = after === '' ? undefined : after.slice(1);
  } else {
    const colon = authority.lastIndexOf(':');
    host = colon < 0 ? authority : authority.slice(0, colon);
    port = colon < 0 ? undefined : authority.slice(colon + 1);
    if (host.includes(':')) {
      throw new EndpointError(
        text,
        'an IPv6 address must be written in brackets: tcp://[::1]:4000',
      );
    }
  }
  const parsed = tcpSchema.safeParse({ host, port });
  if (!parsed.success) throw new EndpointError(text, firstProblem(parsed.error));
  return { kind: 'tcp', host: parsed.data.host, port: parsed.data.port, text };
}

function parseUnix(rest: string, query: string | undefined, text: string): UnixEndpoint {
  if (query !== undefined) throw new EndpointError(text, 'unix endpoints take no parameters');
  const parsed = unixSchema.safeParse({ path: decodePath(rest, text) });
  if (!parsed.success) throw new EndpointError(text, firstProblem(parsed.error));
  return { kind: 'unix', path: parsed.data.path, text };
}

function parseSerial(rest: string, query: string | undefined, text: string): SerialEndpoint {
  const parsed = serialSchema.safeParse({
    path: decodePath(rest, text),
    parameters: parseQuery(query ?? '', text),
  });
  if (!parsed.success) throw new EndpointError(text, firstProblem(parsed.error));
  const { path, parameters } = parsed.data;
  const resetLines = parameters.reset ?? SERIAL_DEFAULTS.resetLines;
  return {
    kind: 'serial',
    path,
    baudRate: parameters.baud ?? SERIAL_DEFAULTS.baudRate,
    dataBits: Number(parameters.databits ?? SERIAL_DEFAULTS.dataBits) as SerialDataBits,
    parity: parameters.parity ?? SERIAL_DEFAULTS.parity,
    stopBits: Number(parameters.stopbits ?? SERIAL_DEFAULTS.stopBits) as SerialStopBits,
    toggleDtrRtsOnOpen: resetLines !== 'none',
    resetLines,
    resyncIdleMs: parameters.resync ?? SERIAL_DEFAULTS.resyncIdleMs,
    text,
  };
}

/**
 * Parses `tcp://host:port`, `unix:///path/to.sock` or
 * `serial:///dev/ttyX?baud=115200&databits=8&parity=none&stopbits=1&reset=none&resync=50`.
 * Throws EndpointError (ERR_BAD_ENDPOINT) naming the problem.
 */
export function parseEndpoint(input: string): Endpoint {
  const text = input.trim();
  if (text === '') throw new EndpointError(input, 'endpoint is empty');
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(text);
  if (!match) {
    throw new EndpointError(
      text,
      'expected scheme://..., e.g. tcp://127.0.0.1:4000, unix:///tmp/dev.sock or serial:///dev/ttyACM0',
    );
  }
  const scheme = (match[1] as string).toLowerCase();
  const afterScheme = match[2] as string;
  if (/^[0-9]+$/.test(afterScheme)) {
    throw new EndpointError(text, `missing scheme (did you mean tcp://${text}?)`);
  }
  if (scheme !== 'tcp' && scheme !== 'unix' && scheme !== 'serial') {
    throw new EndpointError(text, `unknown scheme "${scheme}" (expected tcp, unix or serial)`);
  }
  if (!afterScheme.startsWith('//')) {
    throw new EndpointError(text, `expected "${scheme}://" at the start`);
  }
  if (afterScheme.includes('#')) throw new EndpointError(text, 'endpoints take no "#" fragment');
  const body = afterScheme.slice(2);
  const questionMark = body.indexOf('?');
  const rest = questionMark < 0 ? body : body.slice(0, questionMark);
  const query = questionMark < 0 ? undefined : body.slice(questionMark + 1);
  switch (scheme) {
    case 'tcp':
      return parseTcp(rest, query, text);
    case 'unix':
      return parseUnix(rest, query, text);
    case 'serial':
      return parseSerial(rest, query, text);
  }
}

/** The modem lines an endpoint pulses on open. */
export function resetLinesOf(endpoint: SerialEndpoint): SerialResetLines {
  if (!endpoint.toggleDtrRtsOnOpen) return 'none';
  return endpoint.resetLines === undefined || endpoint.resetLines === 'none'
    ? 'both'
    : endpoint.resetLines;
}

/** Accepts either form; a string is parsed. */
export function toEndpoint(endpoint: string | Endpoint): Endpoint {
  return typeof endpoint === 'string' ? parseEndpoint(endpoint) : endpoint;
}

function encodePath(path: string): string {
  return encodeURI(path).replace(/\?/g, '%3F').replace(/#/g, '%23');
}

/**
 * The canonical text of an endpoint (ignores `text`); `parseEndpoint(formatEndpoint(e))` gives
 * back the same fields. Serial parameters at their defaults are left out, except the baud rate.
 */
export function formatEndpoint(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'tcp': {
      const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
      return `tcp://${host}:${endpoint.port}`;
    }
    case 'unix':
      return `unix://${encodePath(endpoint.path)}`;
    case 'serial': {
      const parameters = [`baud=${endpoint.baudRate}`];
      if (endpoint.dataBits !== SERIAL_DEFAULTS.dataBits)
        parameters.push(`databits=${endpoint.dataBits}`);
      if (endpoint.parity !== SERIAL_DEFAULTS.parity) parameters.push(`parity=${endpoint.parity}`);
      if (endpoint.stopBits !== SERIAL_DEFAULTS.stopBits)
        parameters.push(`stopbits=${endpoint.stopBits}`);
      const resetLines = resetLinesOf(endpoint);
      if (resetLines !== SERIAL_DEFAULTS.resetLines) parameters.push(`reset=${resetLines}`);
      if (endpoint.resyncIdleMs !== SERIAL_DEFAULTS.resyncIdleMs)
        parameters.push(`resync=${endpoint.resyncIdleMs}`);
      return `serial://${encodePath(endpoint.path)}?${parameters.join('&')}`;
    }
  }
}
