import { fnv1a32, RequestType, ResponseType, Status } from '@nanorpc-sim/core';
import { CaseStop } from './case-stop.js';
import { hexBytes, statusValue } from './case-values.js';
import { evaluateCheck } from './client-case-checks.js';
import type { ClientCase } from './client-case-schema.js';
import type { ClientCaseState } from './client-case-state.js';
import type { ReceivedRequest } from './scripted-case-server.js';

type Step = ClientCase['steps'][number];
type RespondSpec = Extract<Step, { respond: unknown }>['respond'];
type ExpectRequestSpec = Extract<Step, { 'expect-request': unknown }>['expect-request'];

/** How long past a command's own timeout its result line may take to arrive. */
const RESULT_GRACE_MS = 2000;

/** Runs one step of a client case; a step that cannot go on throws a CaseStop. */
export async function runStep(state: ClientCaseState, step: Step): Promise<void> {
  if ('driver' in step) return runDriverStep(state, step.driver, step.driver.wait !== false);
  if ('expect-request' in step) return expectRequest(state, step['expect-request']);
  if ('respond' in step) return respond(state, step.respond);
  if ('send-raw' in step) {
    state.scripted('send-raw').sendRaw(hexBytes(step['send-raw'].hex) ?? new Uint8Array(0));
    return;
  }
  if ('drop' in step) return state.scripted('drop').drop();
  if ('wait' in step) return new Promise((resolve) => setTimeout(resolve, step.wait));
  if ('expect-connection' in step) {
    const { count, within } = step['expect-connection'];
    const server = state.scripted('expect-connection');
    if (!(await server.waitFor(() => server.connectionCount >= count, within ?? 5000)))
      throw new CaseStop(
        'failed',
        `expected connection ${count}, the client made ${server.connectionCount}`,
      );
    return;
  }
  const check = step.check;
  state.addCheck(check, await evaluateCheck(state, check));
}

/** Sends one command to the driver and, when `wait`, waits for its result. */
export async function runDriverStep(
  state: ClientCaseState,
  step: Record<string, unknown>,
  wait: boolean,
): Promise<void> {
  const { as, wait: _wait, ...fields } = step;
  void _wait;
  const command = substitute(state, fields) as Record<string, unknown> & { cmd: string };
  if (command.cmd === 'connect') {
    command.endpoint ??= state.endpoint;
    if (state.spec.connect !== undefined) command.options ??= state.spec.connect;
  }
  const id = state.live().send(command);
  if (typeof as === 'string') state.commands.set(as, id);
  if (!wait) return;
  const timeout = typeof command.timeout_ms === 'number' ? command.timeout_ms : 5000;
  const line = await state.waitResult(id, timeout + RESULT_GRACE_MS);
  if (line === undefined) {
    const gone = state.driver?.exitText();
    throw new CaseStop(
      'failed',
      gone ?? `no result for ${command.cmd} (id ${id}) within ${timeout + RESULT_GRACE_MS} ms`,
    );
  }
  const code = line.error?.code;
  if (code === 'unsupported' || code === 'bad_command')
    throw new CaseStop(
      'unsupported',
      `the driver refused ${command.cmd}: ${code}: ${line.error?.message ?? ''}`,
    );
  if (command.cmd === 'connect' && line.ok !== true)
    throw new CaseStop(
      'failed',
      `connect failed: ${line.error?.code ?? ''} ${line.error?.message ?? ''}`,
    );
}

/** `${name.field}` in a command takes the field of an earlier named result. */
function substitute(state: ClientCaseState, value: unknown): unknown {
  if (typeof value === 'string') {
    const match = /^\$\{([a-z][a-z0-9_-]*)\.([a-z_]+)\}$/.exec(value);
    if (match === null) return value;
    const line = state.resultOf(match[1] ?? '');
    return line?.[match[2] ?? ''];
  }
  if (Array.isArray(value)) return value.map((item) => substitute(state, item));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(state, v)]));
  return value;
}

async function expectRequest(state: ClientCaseState, spec: ExpectRequestSpec): Promise<void> {
  const server = state.scripted('expect-request');
  const type =
    spec.type === undefined
      ? undefined
      : RequestType[
          spec.type === 'PING'
            ? 'Ping'
            : spec.type === 'SUBSCRIBE'
              ? 'Subscribe'
              : spec.type === 'UNSPECIFIED'
                ? 'Unspecified'
                : 'Request'
        ];
  const matches = (r: ReceivedRequest): boolean =>
    !r.taken &&
    (type === undefined
      ? r.request.requestType !== RequestType.Ping
      : r.request.requestType === type) &&
    (spec.path === undefined ||
      r.request.path === spec.path ||
      r.request.pathHash === fnv1a32(spec.path));
  const found = await server.waitFor(() => server.requests.some(matches), spec.within ?? 3000);
  const request = server.requests.find(matches);
  if (!found || request === undefined)
    throw new CaseStop(
      'failed',
      `the client did not send ${spec.type ?? 'a request'}${spec.path === undefined ? '' : ` ${spec.path}`} within ${spec.within ?? 3000} ms`,
    );
  request.taken = true;
  if (spec.as !== undefined) state.named.set(spec.as, request);
}

function respond(state: ClientCaseState, spec: RespondSpec): void {
  const server = state.scripted('respond');
  const to = state.named.get(spec.to);
  if (to === undefined) throw new Error(`respond: no request named ${spec.to}`);
  const type =
    spec.typeNumber ??
    (spec.type === 'PONG'
      ? ResponseType.Pong
      : spec.type === 'UPDATE'
        ? ResponseType.Update
        : to.request.requestType === RequestType.Ping && spec.type === undefined
          ? ResponseType.Pong
          : ResponseType.Response);
  server.respond(
    to.connection,
    {
      requestId: to.request.requestId + (spec.idOffset ?? 0),
      responseType: type,
      responseStatus: statusValue(spec.status) ?? Status.Ok,
      responseMessage: spec.message ?? '',
      data: hexBytes(spec.data) ?? new Uint8Array(0),
    },
    hexBytes(spec.extraFields),
  );
}
