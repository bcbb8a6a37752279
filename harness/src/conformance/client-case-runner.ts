import type { CaseResult } from './case-result.js';
import { CaseStop } from './case-stop.js';
import { hexBytes, statusValue } from './case-values.js';
import { verdictOf } from './case-verdict.js';
import { resultsOnce } from './client-case-checks.js';
import type { ClientCase } from './client-case-schema.js';
import { ClientCaseState } from './client-case-state.js';
import { runDriverStep, runStep } from './client-case-steps.js';
import { DriverProcess, type DriverLaunch } from './driver-process.js';
import { ScriptedCaseServer, type AutoAnswer } from './scripted-case-server.js';

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

/** Runs one client case: the driver acts as the application, the server as the case says. */
export class ClientCaseRun {
  private readonly state: ClientCaseState;

  constructor(
    private readonly loaded: LoadedCase,
    private readonly options: ClientCaseOptions,
  ) {
    this.state = new ClientCaseState(loaded.spec);
  }

  async run(): Promise<CaseResult> {
    const spec = this.loaded.spec;
    const state = this.state;
    const started = performance.now();
    let stop: CaseStop | undefined;
    try {
      state.endpoint = await this.startServer();
      state.driver = new DriverProcess(this.options.driver, this.options.cwd);
      if (spec.autoConnect !== false)
        await runDriverStep(state, { cmd: 'connect', as: 'connect' }, true);
      for (const step of spec.steps) await runStep(state, step);
      state.addCheck(
        {
          rule: spec.rule,
          says: 'every command ends once: no second result line for an id',
          'results-once': true,
        },
        resultsOnce(state),
      );
    } catch (error) {
      if (error instanceof CaseStop) stop = error;
      else
        stop = new CaseStop(
          'failed',
          `harness error: ${error instanceof Error ? error.message : String(error)}`,
        );
    } finally {
      await state.driver?.stop();
      await state.server?.close();
    }
    const { verdict, reason } = verdictOf(state.checks, stop);
    return {
      id: '',
      name: spec.name,
      file: this.loaded.file,
      description: spec.description,
      rule: spec.rule,
      verdict,
      ...(reason !== undefined && { reason }),
      durationMs: performance.now() - started,
      checks: state.checks,
      frames: state.server?.frames ?? [],
      transcript: state.driver?.records ?? [],
    };
  }

  /** Starts the case's own server (or names the profile server); returns its endpoint. */
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
    this.state.server = new ScriptedCaseServer(spec.name, spec.autoPong ?? true, serve);
    return this.state.server.listen();
  }
}
