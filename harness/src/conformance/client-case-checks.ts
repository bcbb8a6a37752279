import { fnv1a32, RequestType } from '@nanorpc-sim/core';
import type { Check } from './client-case-schema.js';
import type { CheckOutcome, ClientCaseState } from './client-case-state.js';
import { statusValue } from './case-values.js';
import { normalizeHex } from './driver-protocol.js';

/** Judges one `check` step against what the driver and the server have seen so far. */
export async function evaluateCheck(state: ClientCaseState, check: Check): Promise<CheckOutcome> {
  if (check.result !== undefined) return checkResult(state, check.result);
  if (check.updates !== undefined) return checkUpdates(state, check.updates);
  if (check.request !== undefined) return checkRequest(state, check.request);
  if (check['results-once'] !== undefined) return resultsOnce(state);
  if (check.pings !== undefined) {
    const server = state.scripted('pings');
    const n = server.requests.filter((r) => r.request.requestType === RequestType.Ping).length;
    return inRange('pings from the client', n, check.pings);
  }
  if (check.connections !== undefined)
    return inRange('connections', state.scripted('connections').connectionCount, check.connections);
  const gone = state.driver?.exitText();
  return gone === undefined ? { passed: true } : { passed: false, detail: gone };
}

/** Every command ends once: no second result line for an id. */
export function resultsOnce(state: ClientCaseState): CheckOutcome {
  const driver = state.driver;
  if (driver === undefined) return { passed: false, detail: 'no driver' };
  const counts = new Map<unknown, number>();
  for (const line of driver.lines())
    if (line.event === undefined && line.id !== undefined)
      counts.set(line.id, (counts.get(line.id) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => String(id));
  return twice.length === 0
    ? { passed: true }
    : { passed: false, detail: `more than one result for id ${twice.join(', ')}` };
}

async function checkResult(
  state: ClientCaseState,
  spec: NonNullable<Check['result']>,
): Promise<CheckOutcome> {
  const id = state.commands.get(spec.of);
  if (id === undefined) throw new Error(`check: no command named ${spec.of}`);
  const line = await state.waitResult(id, spec.within ?? 3000);
  if (line === undefined)
    return {
      passed: false,
      detail: `no result for "${spec.of}" within ${spec.within ?? 3000} ms`,
    };
  const problems: string[] = [];
  if (spec.ok !== undefined && line.ok !== spec.ok) problems.push(`ok ${String(line.ok)}`);
  const want = statusValue(spec.status);
  if (want !== undefined && line.status_code !== want && line.status !== spec.status)
    problems.push(`status ${String(line.status)}`);
  if (spec.data !== undefined && normalizeHex(line.data ?? '') !== normalizeHex(spec.data))
    problems.push(`data "${line.data ?? ''}"`);
  if (spec.error !== undefined) {
    const codes = Array.isArray(spec.error) ? spec.error : [spec.error];
    if (line.error === undefined || !codes.includes(line.error.code))
      problems.push(`error ${line.error?.code ?? 'none'}`);
  }
  return problems.length === 0
    ? { passed: true }
    : {
        passed: false,
        detail: `"${spec.of}" ended with ${problems.join(', ')}: ${JSON.stringify(line)}`,
      };
}

async function checkUpdates(
  state: ClientCaseState,
  spec: NonNullable<Check['updates']>,
): Promise<CheckOutcome> {
  const driver = state.live();
  const subscription = state.resultOf(spec.of)?.request_id;
  if (subscription === undefined)
    return { passed: false, detail: `no request_id for "${spec.of}"` };
  const since = spec.since === undefined ? undefined : state.commands.get(spec.since);
  const before = spec.before === undefined ? undefined : state.commands.get(spec.before);
  const seen = (): string[] => {
    const out: string[] = [];
    let open = since === undefined;
    for (const record of driver.records) {
      if (!open && record.direction === 'to-driver' && record.text.startsWith(`{"id":${since},`))
        open = true;
      const line = record.line;
      if (line === undefined) continue;
      if (before !== undefined && line.event === undefined && line.id === before) break;
      if (open && line.event === 'update' && line.request_id === subscription)
        out.push(normalizeHex(line.data ?? ''));
    }
    return out;
  };
  const want = spec.data?.map(normalizeHex);
  const enough = want?.length ?? spec.count ?? 0;
  await driver.waitFor(() => seen().length >= enough, spec.within ?? 2000);
  // Leave a moment for an extra or late update, so "exactly these" is judged fairly.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const got = seen();
  const problems: string[] = [];
  if (want !== undefined && JSON.stringify(got) !== JSON.stringify(want))
    problems.push(`expected [${want.join(', ')}]`);
  if (spec.count !== undefined && got.length < spec.count)
    problems.push(`expected at least ${spec.count}`);
  const excluded = (spec.excludes ?? []).map(normalizeHex).filter((hex) => got.includes(hex));
  if (excluded.length > 0) problems.push(`[${excluded.join(', ')}] must not be delivered`);
  return problems.length === 0
    ? { passed: true }
    : { passed: false, detail: `updates delivered [${got.join(', ')}]; ${problems.join('; ')}` };
}

function checkRequest(state: ClientCaseState, spec: NonNullable<Check['request']>): CheckOutcome {
  const received = state.named.get(spec.of);
  if (received === undefined) return { passed: false, detail: `no request named ${spec.of}` };
  const request = received.request;
  const problems: string[] = [];
  if (spec.path !== undefined && request.path !== spec.path)
    problems.push(`path ${request.path ?? '(none)'}`);
  if (spec.hashOf !== undefined) {
    if (request.pathHash !== fnv1a32(spec.hashOf))
      problems.push(`path_hash ${request.pathHash ?? '(none)'}`);
    if (request.path !== undefined) problems.push(`the path string ${request.path} as well`);
  }
  if (
    spec.data !== undefined &&
    Buffer.from(request.data).toString('hex') !== normalizeHex(spec.data)
  )
    problems.push(`data ${Buffer.from(request.data).toString('hex')}`);
  return problems.length === 0
    ? { passed: true }
    : { passed: false, detail: `the request had ${problems.join(', ')}` };
}

function inRange(what: string, n: number, range: { min?: number; max?: number }): CheckOutcome {
  if ((range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max))
    return { passed: false, detail: `${n} ${what}` };
  return { passed: true };
}
