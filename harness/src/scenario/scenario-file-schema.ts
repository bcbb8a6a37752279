import { z } from 'zod';
import { Duration } from '../format/duration.js';
import { SCENARIO_ROLES } from '../format/scenario-role.js';
import { VariableName } from '../format/variable-name.js';
import { Step } from '../steps/step-registry.js';
import { Requirements } from './scenario-requirements.js';

/*
 * The scenario file format, as zod schemas. This is the file as written (YAML or JSON); the
 * loader turns it into a ScenarioPlan (durations in ms, payloads resolved, one shape per step).
 * The schemas carry no transforms so that `z.toJSONSchema` describes exactly what a file may
 * hold, and editors can complete and check scenario files from scenarios/scenario.schema.json.
 *
 * A step is an object with exactly one step key (`ping`, `request`, ...), plus the optional
 * common keys `title` and `timeout`: the union of the step modules (steps/step-registry.ts).
 */

export const ScenarioFile = z
  .strictObject({
    $schema: z.string().describe('path or URL of scenario.schema.json (for editors)').optional(),
    name: z.string().min(1).describe('unique name, shown in reports'),
    description: z.string().optional(),
    tags: z.array(z.string().min(1)).describe('for --filter').optional(),
    role: z
      .enum(SCENARIO_ROLES)
      .describe(
        'device-under-test (default): the harness is the client; client-under-test: the ' +
          'harness is the server and scripts its answers',
      )
      .optional(),
    proto: z
      .union([z.string(), z.array(z.string())])
      .describe(
        '.proto files for typed payloads, relative to this file or to the proto/ folder ' +
          '(e.g. demo_device.proto)',
      )
      .optional(),
    targets: z
      .array(z.string())
      .describe(
        'run only against these targets (names or endpoint kinds tcp, unix, serial); ' +
          'the same as requires.targets (kept for older files)',
      )
      .optional(),
    requires: Requirements.optional(),
    timeout: Duration.describe('time limit of the whole scenario (default 60s)').optional(),
    stepTimeout: Duration.describe('default time limit of each step (default 10s)').optional(),
    variables: z.record(VariableName, z.unknown()).describe('initial variables').optional(),
    client: z
      .strictObject({
        autoConnect: z
          .boolean()
          .describe('connect before the first step (default true)')
          .optional(),
        hashPaths: z.boolean().describe('send every path as its hash').optional(),
        requestTimeout: Duration.optional(),
        connectTimeout: Duration.optional(),
        reconnect: z
          .boolean()
          .describe('reconnect by itself after the link drops (default true)')
          .optional(),
        maxFrameSize: z.number().int().min(1).optional(),
      })
      .describe('device-under-test: options of the harness client')
      .optional(),
    server: z
      .strictObject({
        listen: z
          .string()
          .describe('endpoint the harness listens on (default tcp://127.0.0.1:0)')
          .optional(),
        launch: z
          .strictObject({
            command: z
              .array(z.string())
              .min(1)
              .describe(
                'the client under test; ${endpoint} is replaced by the listening address; ' +
                  'a first word nanorpc-hil runs this harness',
              ),
            env: z.record(z.string(), z.string()).optional(),
            cwd: z.string().optional(),
          })
          .optional(),
      })
      .describe('client-under-test: where the harness listens and which client it launches')
      .optional(),
    steps: z.array(Step).min(1),
  })
  .describe('A nanorpc-hil scenario');

export type ScenarioFileInput = z.infer<typeof ScenarioFile>;
