import { fnv1a32, parseStatus, RequestType, ResponseType, Status } from '@nanorpc-sim/core';
import type { CaseResult, CheckResult } from './case-result.js';
import type { Check, ClientCase } from './client-case-schema.js';
import { DriverProcess, type DriverLaunch } from './driver-process.js';
import { normalizeHex, type DriverLine } from './driver-protocol.js';
import {
  ScriptedCaseServer,
  type AutoAnswer,
  type ReceivedRequest,
} from './scripted-case-server.js';
import { verdictOf } from './case-verdict.js';

export interface LoadedCase {
  file: string;
  spec: ClientCase;
}

export interface ClientCaseOptions {
  driver: DriverLaunch;
  /** The server of `server: profile` cases. */
  profileEndpoint?: string;
  cwd: string;
}

/** Stops the case: the driver cannot do what the case needs (UNSUPPORTED) or a step failed. */
class CaseStop extends Error {
  constructor(
    readonly kind: 'unsupported' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

const RESULT_GRACE_MS = 2000;

const hexBytes = (hex: string | undefined): Uint8Array | undefined =>
  hex === undefined ? undefined : Buffer.from(normalizeHex(hex), 'hex');

function statusValue(status: string | number | undefined): number | undefined {
  if (status === undefined) return undefined;
  return typeof status === 'number' ? status : parseStatus(status);
}

/** Runs one client case: the driver acts as the application, the server as the case says. */
export class ClientCaseRun {
  private readonly checks: CheckResult[] = [];
  private readonly commands = new Map<string, number>();
  private readonly named = new Map<string, ReceivedRequest>();
  private server: ScriptedCaseServer | undefined;
  private driver: DriverProcess | undefined;
  private endpoint = '';

  constructor(
    private readonly loaded: LoadedCase,
    private readonly options: ClientCaseOptions,
  ) {}

  async run(): Promise<CaseResult> {
    const spec = this.loaded.spec;
    const started = performance.now();
    let stop: CaseStop | undefined;
    try {
      this.endpoint = await this.startServer();
      this.driver = new DriverProcess(this.options.driver, this.options.cwd);
      if (spec.autoConnect !== false)
        await this.runDriverStep({ cmd: 'connect', as: 'connect' }, true);
      for (const step of spec.steps) await this.runStep(step);
      this.addCheck(
        {
          rule: spec.rule,
          says: 'every command ends once: no second result line for an id',
          'results-once': true,
        },
        this.resultsOnce(),
      );
    } catch (error) {
      if (error instanceof CaseStop) stop = error;
      else
        stop = new CaseStop(
          'failed',
          `harness error: ${error instanceof Error ? error.message : String(error)}`,
        );
    } finally {
      await this.driver?.stop();
      await this.server?.close();
    }
    const { verdict, reason } = verdictOf(this.checks, stop);
    return {
      id: '',
      name: spec.name,
      file: this.loaded.file,
      description: spec.description,
      rule: spec.rule,
      verdict,
      ...(reason !== undefined && { reason }),
      durationMs: performance.now() - started,
      checks: this.checks,
      frames: this.server?.frames ?? [],
      transcript: this.driver?.records ?? [],
    };
  }

  private async startServer(): Promise<string> {
    const spec = this.loaded.spec;
    if (spec.server === 'profile') {
      if (this.options.profileEndpoint === undefined)
        throw new CaseStop(
          'unsupported',
          'a profile case needs a server of the conformance profile',
        );
      return this.options.profileEndpoint;
    }
    const serve = new Map<string, AutoAnswer>();
    for (const [path, answer] of Object.entries(spec.serve ?? {})) {
      const status = statusValue(answer.status);
      const data = hexBytes(answer.data);
      serve.set(path, {
        ...(status !== undefined && { status }),
        ...(data !== undefined && { data }),
        ...(answer.echo !== undefined && { echo: answer.echo }),
      });
    }
    this.server = new ScriptedCaseServer(spec.name, spec.autoPong ?? true, serve);
    return this.server.listen();
  }

  private live(): DriverProcess {
    if (this.driver === undefined) throw new Error('no driver');
    const gone = this.driver.exitText();
    if (gone !== undefined) throw new CaseStop('failed', gone);
    return this.driver;
  }

  private scripted(what: string): ScriptedCaseServer {
    if (this.server === undefined) throw new Error(`${what} needs server: scripted`);
    return this.server;
  }

  private async runStep(step: ClientCase['steps'][number]): Promise<void> {
    if ('driver' in step) return this.runDriverStep(step.driver, step.driver.wait !== false);
    if ('expect-request' in step) return this.expectRequest(step['expect-request']);
    if ('respond' in step) return this.respond(step.respond);
    if ('send-raw' in step) {
      this.scripted('send-raw').sendRaw(hexBytes(step['send-raw'].hex) ?? new Uint8Array(0));
      return;
    }
    if ('drop' in step) return this.scripted('drop').drop();
    if ('wait' in step) return new Promise((resolve) => setTimeout(resolve, step.wait));
    if ('expect-connection' in step) {
      const { count, within } = step['expect-connection'];
      const server = this.scripted('expect-connection');
      if (!(await server.waitFor(() => server.connectionCount >= count, within ?? 5000)))
        throw new CaseStop(
          'failed',
          `expected connection ${count}, the client made ${server.connectionCount}`,
        );
      return;
    }
    const check = step.check;
    this.addCheck(check, await this.evaluate(check));
  }

  /** `${name.field}` in a command takes the field of an earlier named result. */
  private substitute(value: unknown): unknown {
    if (typeof value === 'string') {
      const match = /^\$\{([a-z][a-z0-9_-]*)\.([a-z_]+)\}$/.exec(value);
      if (match === null) return value;
      const line = this.resultOf(match[1] ?? '');
      return line?.[match[2] ?? ''];
    }
    if (Array.isArray(value)) return value.map((item) => this.substitute(item));
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.substitute(v)]));
    return value;
  }

  private async runDriverStep(step: Record<string, unknown>, wait: boolean): Promise<void> {
    const { as, wait: _wait, ...fields } = step;
    void _wait;
    const command = this.substitute(fields) as Record<string, unknown> & { cmd: string };
    if (command.cmd === 'connect') {
      command.endpoint ??= this.endpoint;
      if (this.loaded.spec.connect !== undefined) command.options ??= this.loaded.spec.connect;
    }
    const id = this.live().send(command);
    if (typeof as === 'string') this.commands.set(as, id);
    if (!wait) return;
    const timeout = typeof command.timeout_ms === 'number' ? command.timeout_ms : 5000;
    const line = await this.waitResult(id, timeout + RESULT_GRACE_MS);
    if (line === undefined) {
      const gone = this.driver?.exitText();
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

  private async waitResult(id: number, timeoutMs: number): Promise<DriverLine | undefined> {
    const driver = this.live();
    await driver.waitFor(() => driver.resultsFor(id).length > 0, timeoutMs);
    return driver.resultsFor(id)[0];
  }

  private resultOf(name: string): DriverLine | undefined {
    const id = this.commands.get(name);
    return id === undefined ? undefined : this.driver?.resultsFor(id)[0];
  }

  private async expectRequest(spec: {
    type?: string;
    path?: string;
    as?: string;
    within?: number;
  }): Promise<void> {
    const server = this.scripted('expect-request');
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
    if (spec.as !== undefined) this.named.set(spec.as, request);
  }

  private respond(spec: RespondSpec): void {
    const server = this.scripted('respond');
    const to = this.named.get(spec.to);
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

  private addCheck(check: Check, outcome: { passed: boolean; detail?: string }): void {
    this.checks.push({
      rule: check.rule,
      strict: check.strict !== false,
      says: check.says,
      passed: outcome.passed,
      ...(outcome.detail !== undefined && { detail: outcome.detail }),
    });
  }

  private resultsOnce(): { passed: boolean; detail?: string } {
    const driver = this.driver;
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

  private async evaluate(check: Check): Promise<{ passed: boolean; detail?: string }> {
    if (check.result !== undefined) return this.checkResult(check.result);
    if (check.updates !== undefined) return this.checkUpdates(check.updates);
    if (check.request !== undefined) return this.checkRequest(check.request);
    if (check['results-once'] !== undefined) return this.resultsOnce();
    if (check.pings !== undefined) {
      const server = this.scripted('pings');
      const n = server.requests.filter((r) => r.request.requestType === RequestType.Ping).length;
      return inRange('pings from the client', n, check.pings);
    }
    if (check.connections !== undefined)
      return inRange(
        'connections',
        this.scripted('connections').connectionCount,
        check.connections,
      );
    const gone = this.driver?.exitText();
    return gone === undefined ? { passed: true } : { passed: false, detail: gone };
  }

  private async checkResult(
    spec: NonNullable<Check['result']>,
  ): Promise<{ passed: boolean; detail?: string }> {
    const id = this.commands.get(spec.of);
    if (id === undefined) throw new Error(`check: no command named ${spec.of}`);
    const line = await this.waitResult(id, spec.within ?? 3000);
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

  private async checkUpdates(
    spec: NonNullable<Check['updates']>,
  ): Promise<{ passed: boolean; detail?: string }> {
    const driver = this.live();
    const subscription = this.resultOf(spec.of)?.request_id;
    if (subscription === undefined)
      return { passed: false, detail: `no request_id for "${spec.of}"` };
    const since = spec.since === undefined ? undefined : this.commands.get(spec.since);
    const before = spec.before === undefined ? undefined : this.commands.get(spec.before);
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

  private checkRequest(spec: NonNullable<Check['request']>): { passed: boolean; detail?: string } {
    const received = this.named.get(spec.of);
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
}

type RespondSpec = Extract<ClientCase['steps'][number], { respond: unknown }>['respond'];

function inRange(
  what: string,
  n: number,
  range: { min?: number; max?: number },
): { passed: boolean; detail?: string } {
  if ((range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max))
    return { passed: false, detail: `${n} ${what}` };
  return { passed: true };
}
