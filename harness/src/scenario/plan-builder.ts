import { optionalDurationMs } from '../format/duration.js';
import type { ScenarioRole } from '../format/scenario-role.js';
import { ScenarioPayloads } from '../runtime/scenario-payloads.js';
import type { PlanContext, PlannedStep } from '../steps/step-module.js';
import { type PlanStep, type StepInput, stepKindOf, stepModule } from '../steps/step-registry.js';
import type { ScenarioFileIssue } from './scenario-file-error.js';
import type { ScenarioFileInput } from './scenario-file-schema.js';
import type { ScenarioPlan } from './scenario-plan.js';
import type { ScenarioRequirements } from './scenario-requirements.js';
import type { SourceLocator, SourcePath } from './source-locator.js';

function regexProblem(pattern: string, flags: string | undefined): string | undefined {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Builds the plan and checks what the schema cannot: step kinds per role, regexes, and what
 * each step module checks while it plans its spec (references, combinations of keys).
 */
export class PlanBuilder {
  readonly issues: ScenarioFileIssue[] = [];
  private readonly asyncRequests = new Set<string>();

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
      requires: this.requirements(input),
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
      steps: this.steps(input.steps, ['steps'], '') as PlanStep[],
      payloads: new ScenarioPayloads(),
    };
  }

  /** `requires:` with the top-level `targets:` (its older spelling) folded in. */
  private requirements(input: ScenarioFileInput): ScenarioRequirements {
    if (input.targets !== undefined && input.requires?.targets !== undefined)
      this.problem(['targets'], 'give targets once: here or as requires.targets');
    const targets = input.requires?.targets ?? input.targets;
    if (this.role === 'client-under-test' && input.requires !== undefined)
      this.problem(['requires'], 'requires applies to role device-under-test only');
    return { ...input.requires, ...(targets !== undefined && { targets }) };
  }

  private steps(inputs: readonly unknown[], path: SourcePath, prefix: string): PlannedStep[] {
    return inputs.map((input, index) =>
      this.step(input as StepInput, [...path, index], `${prefix}${index + 1}`),
    );
  }

  private step(input: StepInput, path: SourcePath, label: string): PlannedStep {
    const kind = stepKindOf(input);
    const module = stepModule(kind);
    const specPath = [...path, kind];
    this.checkRole(kind, module.role, specPath);
    const raw: unknown = (input as unknown as Record<string, unknown>)[kind];
    const context: PlanContext = {
      role: this.role,
      problem: (at, message) => this.problem([...specPath, ...at], message),
      asyncRequests: this.asyncRequests,
      planSteps: (inputs, at) => this.steps(inputs, [...specPath, ...at], `${label}.`),
    };
    const spec = module.plan(raw, context);
    // A block's nested steps check their own patterns.
    if (module.nestedSteps === undefined) this.checkPatterns(raw, specPath);
    return {
      kind,
      spec,
      title: input.title,
      timeoutMs: optionalDurationMs(input.timeout),
      line: this.locator.line(path),
      label,
    };
  }

  private checkRole(kind: string, role: ScenarioRole | 'both', path: SourcePath): void {
    if (role === 'both' || role === this.role) return;
    this.problem(
      path,
      role === 'device-under-test'
        ? `step "${kind}" needs role device-under-test (this scenario's role is client-under-test)`
        : `step "${kind}" needs role client-under-test`,
    );
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
