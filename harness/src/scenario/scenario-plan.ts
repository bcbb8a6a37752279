import {
  STEP_KINDS,
  type ScenarioFileInput,
  type StepInput,
  type StepKind,
  type StepSpec,
} from './scenario-file-schema.js';
import type { ScenarioFileIssue } from './scenario-file-error.js';
import { durationMs, optionalDurationMs } from './duration.js';
import { ScenarioPayloads } from './scenario-payloads.js';
import type { SourceLocator, SourcePath } from './source-locator.js';

export type ScenarioRole = 'device-under-test' | 'client-under-test';

/** A step's spec as the runner sees it: `null` (an empty step like `- disconnect:`) becomes {}. */
export type PlanSpec<K extends StepKind> = K extends 'repeat'
  ? { times: number; as?: string | undefined; steps: PlanStep[] }
  : NonNullable<StepSpec<K>>;

export type PlanStep = {
  [K in StepKind]: {
    kind: K;
    spec: PlanSpec<K>;
    title?: string | undefined;
    timeoutMs?: number | undefined;
    /** Line of the step in its file, for messages. */
    line: number;
    /** Position for people: "3", or "3.2" for the second step inside step 3's repeat (1-based). */
    label: string;
  };
}[StepKind];

export interface ClientPlan {
  autoConnect: boolean;
  hashPaths: boolean;
  reconnect: boolean;
  requestTimeoutMs?: number | undefined;
  connectTimeoutMs?: number | undefined;
  maxFrameSize?: number | undefined;
}

export interface ServerPlan {
  listen: string;
  launch?: { command: string[]; env: Record<string, string>; cwd?: string | undefined } | undefined;
}

/** A validated scenario, ready to run. */
export interface ScenarioPlan {
  name: string;
  /** As given to the loader (relative paths stay relative, for reports). */
  file: string;
  /** Line of `name:` in the file. */
  nameLine: number;
  description?: string | undefined;
  tags: string[];
  role: ScenarioRole;
  /** .proto files as written; resolved against the scenario's folder, then proto/. */
  protoFiles: string[];
  /** Folder of the scenario file (absolute): relative proto and launch paths start here. */
  directory: string;
  targets?: string[] | undefined;
  timeoutMs?: number | undefined;
  stepTimeoutMs?: number | undefined;
  variables: Record<string, unknown>;
  client: ClientPlan;
  server: ServerPlan;
  steps: PlanStep[];
  /** Typed payloads from `proto` (empty when it names none). */
  payloads: ScenarioPayloads;
}

const DEVICE_ONLY = new Set<StepKind>([
  'connect',
  'disconnect',
  'ping',
  'request',
  'expect-response',
  'subscribe',
  'expect-updates',
  'expect-no-updates',
  'unsubscribe',
  'expect-frame',
  'expect-silence',
  'expect-reconnect',
  'expect-recovery',
  'reboot',
]);

const CLIENT_UNDER_TEST_ONLY = new Set<StepKind>([
  'expect-connection',
  'serve',
  'expect-request',
  'publish',
  'drop-connection',
  'expect-exit',
]);

/** The step key of a validated step object. */
export function stepKindOf(step: StepInput): StepKind {
  const kind = STEP_KINDS.find((candidate) => candidate in step);
  if (kind === undefined) throw new Error('a validated step has a step key');
  return kind;
}

function regexProblem(pattern: string, flags: string | undefined): string | undefined {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Builds the plan and checks what the schema cannot: step kinds per role, references, regexes. */
export class PlanBuilder {
  readonly issues: ScenarioFileIssue[] = [];
  private readonly asyncNames = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly locator: SourceLocator,
    private readonly role: ScenarioRole,
  ) {}

  build(input: ScenarioFileInput, directory: string): ScenarioPlan {
    const proto = input.proto === undefined ? [] : [input.proto].flat();
    if (this.role === 'client-under-test' && input.client !== undefined) {
      this.problem(['client'], 'client options apply to role device-under-test only');
    }
    if (this.role === 'device-under-test' && input.server !== undefined) {
      this.problem(['server'], 'server options apply to role client-under-test only');
    }
    const client = input.client ?? {};
    const launch = input.server?.launch;
    return {
      name: input.name,
      file: this.file,
      nameLine: this.locator.line(['name']),
      description: input.description,
      tags: input.tags ?? [],
      role: this.role,
      protoFiles: proto,
      directory,
      targets: input.targets,
      timeoutMs: optionalDurationMs(input.timeout),
      stepTimeoutMs: optionalDurationMs(input.stepTimeout),
      variables: input.variables ?? {},
      client: {
        autoConnect: client.autoConnect ?? true,
        hashPaths: client.hashPaths ?? false,
        reconnect: client.reconnect ?? true,
        requestTimeoutMs: optionalDurationMs(client.requestTimeout),
        connectTimeoutMs: optionalDurationMs(client.connectTimeout),
        maxFrameSize: client.maxFrameSize,
      },
      server: {
        listen: input.server?.listen ?? 'tcp://127.0.0.1:0',
        launch:
          launch === undefined
            ? undefined
            : { command: launch.command, env: launch.env ?? {}, cwd: launch.cwd },
      },
      steps: this.steps(input.steps, ['steps'], ''),
      payloads: new ScenarioPayloads(),
    };
  }

  private steps(inputs: StepInput[], path: SourcePath, prefix: string): PlanStep[] {
    return inputs.map((input, index) =>
      this.step(input, [...path, index], `${prefix}${index + 1}`),
    );
  }

  private step(input: StepInput, path: SourcePath, label: string): PlanStep {
    const kind = stepKindOf(input);
    const raw = (input as Record<string, unknown>)[kind];
    const specPath = [...path, kind];
    this.checkRole(kind, specPath);
    const common = {
      title: input.title,
      timeoutMs: input.timeout === undefined ? undefined : durationMs(input.timeout),
      line: this.locator.line(path),
      label,
    };
    if (kind === 'repeat') {
      const repeat = raw as StepSpec<'repeat'>;
      const steps = this.steps(repeat.steps, [...specPath, 'steps'], `${label}.`);
      return { kind, spec: { times: repeat.times, as: repeat.as, steps }, ...common };
    }
    const spec = (raw ?? {}) as Record<string, unknown>;
    this.checkSpec(kind, spec, specPath);
    return { kind, spec, ...common } as PlanStep;
  }

  private checkRole(kind: StepKind, path: SourcePath): void {
    if (this.role === 'client-under-test' && DEVICE_ONLY.has(kind)) {
      this.problem(
        path,
        `step "${kind}" needs role device-under-test (this scenario's role is client-under-test)`,
      );
    }
    if (this.role === 'device-under-test' && CLIENT_UNDER_TEST_ONLY.has(kind)) {
      this.problem(path, `step "${kind}" needs role client-under-test`);
    }
  }

  private checkSpec(kind: StepKind, spec: Record<string, unknown>, path: SourcePath): void {
    if (kind === 'request' && spec['async'] === true) {
      if (typeof spec['as'] !== 'string')
        this.problem(path, 'an async request needs `as` (a name for expect-response)');
      else this.asyncNames.add(spec['as']);
    }
    if (kind === 'expect-response' && !this.asyncNames.has(spec['request'] as string)) {
      this.problem(
        [...path, 'request'],
        `no earlier async request has \`as: ${String(spec['request'])}\``,
      );
    }
    if (
      (kind === 'request' || kind === 'subscribe') &&
      spec['hashPath'] === true &&
      spec['hash'] !== undefined
    ) {
      this.problem([...path, 'hashPath'], 'hashPath hashes `path`; with `hash` there is no path');
    }
    if (kind === 'send-raw') {
      if (
        spec['lengthPrefix'] !== undefined &&
        spec['hex'] === undefined &&
        spec['utf8'] === undefined
      ) {
        this.problem([...path, 'lengthPrefix'], 'lengthPrefix applies to hex or utf8 bytes');
      }
      if (spec['request'] !== undefined && this.role !== 'device-under-test') {
        this.problem(
          [...path, 'request'],
          'the client under test receives responses: use `response`',
        );
      }
      if (spec['response'] !== undefined && this.role !== 'client-under-test') {
        this.problem([...path, 'response'], 'a device receives requests: use `request`');
      }
    }
    this.checkPatterns(spec, path);
  }

  /** Every `pattern` (data, message) must compile. */
  private checkPatterns(value: unknown, path: SourcePath): void {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => this.checkPatterns(item, [...path, index]));
      return;
    }
    const record = value as Record<string, unknown>;
    for (const [key, inner] of Object.entries(record)) {
      if ((key === 'pattern' || key === '$pattern') && typeof inner === 'string') {
        const flags = typeof record['flags'] === 'string' ? record['flags'] : undefined;
        const problem = regexProblem(inner, flags);
        if (problem !== undefined)
          this.problem([...path, key], `not a valid regular expression: ${problem}`);
      } else {
        this.checkPatterns(inner, [...path, key]);
      }
    }
  }

  private problem(path: SourcePath, message: string): void {
    this.issues.push(this.locator.issue(this.file, path, message));
  }
}
