import type { ScenarioRole } from '../format/scenario-role.js';
import type { ClientPlan } from '../runtime/device-session.js';
import type { ScenarioPayloads } from '../runtime/scenario-payloads.js';
import type { ServerPlan } from '../runtime/scripted-server.js';
import type { PlanStep } from '../steps/step-registry.js';
import type { ScenarioRequirements } from './scenario-requirements.js';

export type { ScenarioRole } from '../format/scenario-role.js';
export type { ClientPlan } from '../runtime/device-session.js';
export type { ServerPlan } from '../runtime/scripted-server.js';
export type { PlanSpec, PlanStep } from '../steps/step-registry.js';

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
  /** What the device must have (`requires:`, with the old top-level `targets:` folded in). */
  requires: ScenarioRequirements;
  timeoutMs?: number | undefined;
  stepTimeoutMs?: number | undefined;
  variables: Record<string, unknown>;
  client: ClientPlan;
  server: ServerPlan;
  steps: PlanStep[];
  /** Typed payloads from `proto` (empty when it names none). */
  payloads: ScenarioPayloads;
}
