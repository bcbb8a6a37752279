import type { CheckResult } from './case-result.js';
import { CaseStop } from './case-stop.js';
import type { Check, ClientCase } from './client-case-schema.js';
import type { DriverProcess } from './driver-process.js';
import type { DriverLine } from './driver-protocol.js';
import type { ReceivedRequest, ScriptedCaseServer } from './scripted-case-server.js';

/** How one check came out. */
export interface CheckOutcome {
  passed: boolean;
  detail?: string;
}

/**
 * What one client case run has so far: its server and driver, the commands and requests the
 * steps named (for later steps and checks to refer to), and the checks' results.
 */
export class ClientCaseState {
  readonly checks: CheckResult[] = [];
  /** Driver command ids by the `as` name of the step that sent them. */
  readonly commands = new Map<string, number>();
  /** Requests the server received, by the `as` name of the expect-request step. */
  readonly named = new Map<string, ReceivedRequest>();
  server: ScriptedCaseServer | undefined;
  driver: DriverProcess | undefined;
  /** Where the driver connects. */
  endpoint = '';

  constructor(readonly spec: ClientCase) {}

  /** The driver, or a failed stop when it has exited. */
  live(): DriverProcess {
    if (this.driver === undefined) throw new Error('no driver');
    const gone = this.driver.exitText();
    if (gone !== undefined) throw new CaseStop('failed', gone);
    return this.driver;
  }

  /** The case's own server; `what` names the step that needs one in the error otherwise. */
  scripted(what: string): ScriptedCaseServer {
    if (this.server === undefined) throw new Error(`${what} needs server: scripted`);
    return this.server;
  }

  async waitResult(id: number, timeoutMs: number): Promise<DriverLine | undefined> {
    const driver = this.live();
    await driver.waitFor(() => driver.resultsFor(id).length > 0, timeoutMs);
    return driver.resultsFor(id)[0];
  }

  /** The first result line of the command named `name`. */
  resultOf(name: string): DriverLine | undefined {
    const id = this.commands.get(name);
    return id === undefined ? undefined : this.driver?.resultsFor(id)[0];
  }

  addCheck(check: Check, outcome: CheckOutcome): void {
    this.checks.push({
      rule: check.rule,
      strict: check.strict !== false,
      says: check.says,
      passed: outcome.passed,
      ...(outcome.detail !== undefined && { detail: outcome.detail }),
    });
  }
}
