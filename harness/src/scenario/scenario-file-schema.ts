import { z } from 'zod';

/*
 * The scenario file format, as zod schemas. This is the file as written (YAML or JSON); the
 * loader turns it into a ScenarioPlan (durations in ms, payloads resolved, one shape per step).
 * The schemas carry no transforms so that `z.toJSONSchema` describes exactly what a file may
 * hold, and editors can complete and check scenario files from scenarios/scenario.schema.json.
 *
 * A step is an object with exactly one step key (`ping`, `request`, ...), plus the optional
 * common keys `title` and `timeout`. STEP_KINDS lists the keys in the order of the union's
 * options, which the loader uses to report the errors of the option that was meant.
 */

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A refinement: exactly one (or, with `optional`, at most one) of `keys` is present. */
function exactlyOne(keys: readonly string[], optional = false) {
  return (value: Record<string, unknown>, ctx: z.core.$RefinementCtx): void => {
    const present = keys.filter((key) => value[key] !== undefined);
    if (present.length === 1 || (optional && present.length === 0)) return;
    const message =
      present.length === 0
        ? `needs one of ${keys.join(', ')}`
        : `takes only one of ${keys.join(', ')}, found ${present.join(' and ')}`;
    ctx.addIssue({ code: 'custom', message, input: value });
  };
}

export const Duration = z
  .union([
    z.number().nonnegative(),
    z.string().regex(/^\d+(?:\.\d+)?\s*(?:ms|s|m)$/, 'expected a duration like 250ms, 2s or 1m'),
  ])
  .describe('milliseconds as a number, or text with a unit: 250ms, 2s, 1.5s, 1m');

const VariableName = z
  .string()
  .regex(VARIABLE_NAME, 'expected a variable name (letters, digits, _; not starting with a digit)');

/** Hex digits, optionally separated by spaces, colons or dashes; `${var}` may stand for bytes. */
const HexText = z
  .string()
  .regex(
    /^(?:[0-9a-fA-F\s:-]|\$\{[A-Za-z_][A-Za-z0-9_.]*\})*$/,
    'expected hex digits (spaces, ":" and "-" allowed) or ${variable}',
  )
  .describe('bytes as hex, e.g. "0a 1b ff" or "0a1bff"');

const PathHash = z
  .union([
    z.number().int().nonnegative().max(0xffffffff),
    z
      .string()
      .regex(/^(?:0x[0-9a-fA-F]{1,8}|\$\{[A-Za-z_][A-Za-z0-9_.]*\})$/, 'expected 0x1234abcd'),
  ])
  .describe('a path hash (FNV-1a 32): a number or "0x1234abcd"');

const STATUS_NAMES = [
  'OK',
  'NOT_FOUND',
  'NOT_AUTHORIZED',
  'INTERNAL_ERROR',
  'UNSPECIFIED',
] as const;
export const StatusName = z
  .enum([...STATUS_NAMES, ...STATUS_NAMES.map((name) => `STATUS_${name}` as const), 'any'])
  .describe('a response status, with or without the STATUS_ prefix; `any` checks nothing');

const RequestTypeName = z
  .enum(['UNSPECIFIED', 'PING', 'REQUEST', 'SUBSCRIBE'])
  .describe('NanoRPCRequest.Type without the TYPE_ prefix');

const ResponseTypeName = z
  .enum(['UNSPECIFIED', 'PONG', 'RESPONSE', 'UPDATE'])
  .describe('NanoRPCResponse.Type without the TYPE_ prefix');

const JsonObjectValue = z
  .record(z.string(), z.unknown())
  .describe('a protobuf message in the proto3 JSON mapping (camelCase or snake_case keys)');

/** Data to send: exactly one of hex, utf8, json. */
export const Payload = z
  .strictObject({
    hex: HexText.optional(),
    utf8: z.string().describe('the UTF-8 bytes of this text').optional(),
    json: JsonObjectValue.optional(),
    type: z
      .string()
      .describe(
        'message type of `json`, e.g. demo.MultiplyRequest; by default the type the .proto ' +
          "service gives the path's request",
      )
      .optional(),
  })
  .superRefine(exactlyOne(['hex', 'utf8', 'json']))
  .describe('bytes to send: exactly one of hex, utf8 or json (a typed message)');

/** What received data must look like: exactly one of hex, utf8, json, pattern. */
export const DataMatch = z
  .strictObject({
    hex: HexText.optional(),
    utf8: z.string().optional(),
    json: JsonObjectValue.optional(),
    pattern: z
      .string()
      .describe('a regular expression the data, read as UTF-8, must match')
      .optional(),
    type: z
      .string()
      .describe(
        "message type to decode the data with; by default the .proto service's type for the path",
      )
      .optional(),
    match: z
      .enum(['exact', 'partial', 'prefix', 'contains'])
      .describe(
        'json: partial (default: the fields given must match, others are ignored) or exact; ' +
          'hex/utf8: exact (default), prefix or contains',
      )
      .optional(),
    flags: z
      .string()
      .regex(/^[imsu]*$/)
      .describe('flags of `pattern`')
      .optional(),
  })
  .superRefine(exactlyOne(['hex', 'utf8', 'json', 'pattern']))
  .describe(
    'expected data: exactly one of hex, utf8, json or pattern. In json, a value may be an ' +
      'operator object: {$gt|$gte|$lt|$lte: n}, {$pattern: "regex"}, {$any: true}',
  );

export const TextMatch = z
  .union([
    z.string().describe('the exact text'),
    z.strictObject({
      pattern: z.string(),
      flags: z
        .string()
        .regex(/^[imsu]*$/)
        .optional(),
    }),
    z.strictObject({ contains: z.string() }),
  ])
  .describe('text: exact, {pattern: regex}, or {contains: text}');

const CaptureSource = z
  .string()
  .regex(
    /^(?:status|message|hex|utf8|json(?:\.[A-Za-z0-9_]+)*|requestId|path|latencyMs|count)$/,
    'expected status, message, hex, utf8, json, json.<field>..., requestId, path, latencyMs or count',
  );

const Capture = z
  .record(VariableName, CaptureSource)
  .describe(
    'variables to set from what was received: name -> source, where source is status, ' +
      'message, hex, utf8, json, json.<field>.<field>, requestId, path, latencyMs, count',
  );

const ResponseExpectFields = {
  status: StatusName.describe('expected status (default OK; `any` checks nothing)').optional(),
  message: TextMatch.optional(),
  data: DataMatch.optional(),
  within: Duration.describe('the answer must arrive within this time').optional(),
};

const ResponseExpect = z.strictObject(ResponseExpectFields);

const AckExpect = z.strictObject({
  status: StatusName.optional(),
  message: TextMatch.optional(),
  within: Duration.optional(),
});

const PathFields = {
  path: z.string().describe('the path, e.g. /sys/info').optional(),
  hash: PathHash.optional(),
  hashPath: z.boolean().describe('send `path` as its FNV-1a hash').optional(),
};

const RawRequestFrame = z
  .strictObject({
    requestId: z.union([z.number().int(), z.string()]).describe('request_id (a number or ${var})'),
    type: z.union([RequestTypeName, z.number().int()]),
    path: z.string().optional(),
    hash: PathHash.optional(),
    data: Payload.optional(),
  })
  .superRefine(exactlyOne(['path', 'hash'], true));

const RawResponseFrame = z.strictObject({
  requestId: z.union([z.number().int(), z.string()]),
  type: z.union([ResponseTypeName, z.number().int()]),
  status: StatusName.optional(),
  message: z.string().optional(),
  data: Payload.optional(),
});

const Empty = z.strictObject({}).nullable();

/** Step kinds, in the order of the options of the Step union. */
export const STEP_KINDS = [
  'connect',
  'disconnect',
  'ping',
  'request',
  'expect-response',
  'subscribe',
  'expect-updates',
  'expect-no-updates',
  'unsubscribe',
  'send-raw',
  'expect-frame',
  'expect-silence',
  'expect-disconnect',
  'expect-reconnect',
  'expect-recovery',
  'reboot',
  'expect-connection',
  'serve',
  'expect-request',
  'publish',
  'drop-connection',
  'expect-exit',
  'wait',
  'set',
  'repeat',
] as const;

export type StepKind = (typeof STEP_KINDS)[number];

const StepSpecs = {
  connect: z
    .strictObject({ within: Duration.optional() })
    .nullable()
    .describe(
      'open a fresh connection to the target (after `disconnect`, or with autoConnect off)',
    ),
  disconnect: Empty.describe('close the connection (the harness side)'),
  ping: z
    .strictObject({ within: Duration.optional(), capture: Capture.optional() })
    .nullable()
    .describe('send TYPE_PING, expect TYPE_PONG with STATUS_OK'),
  request: z
    .strictObject({
      ...PathFields,
      data: Payload.optional(),
      responseType: z.string().describe('message type to decode the answer with').optional(),
      expect: ResponseExpect.optional(),
      capture: Capture.optional(),
      async: z
        .boolean()
        .describe('send and go on; check the answer later with expect-response')
        .optional(),
      as: VariableName.describe('name for expect-response').optional(),
    })
    .superRefine(exactlyOne(['path', 'hash']))
    .describe('send TYPE_REQUEST and check the answer (status OK unless expect.status says)'),
  'expect-response': z
    .strictObject({
      request: VariableName.describe('the `as` name of an async request'),
      ...ResponseExpectFields,
      capture: Capture.optional(),
    })
    .describe('check the answer to an async request'),
  subscribe: z
    .strictObject({
      ...PathFields,
      filter: Payload.optional(),
      updateType: z.string().describe('message type to decode updates with').optional(),
      as: VariableName.describe('subscription name for later steps (default: the path)').optional(),
      expect: AckExpect.optional(),
      capture: Capture.optional(),
    })
    .superRefine(exactlyOne(['path', 'hash']))
    .describe('send TYPE_SUBSCRIBE; expects the acknowledgement (status OK by default)'),
  'expect-updates': z
    .strictObject({
      subscription: z.string().describe('the `as` name (or path) of the subscription').optional(),
      count: z.number().int().min(1).describe('updates to wait for'),
      within: Duration.optional(),
      updates: z
        .array(DataMatch)
        .describe('what the updates carry, one entry per update (partial json match)')
        .optional(),
      ordered: z.boolean().describe('`updates` in this order (default true)').optional(),
      each: DataMatch.describe('what every update must carry').optional(),
      increasing: z
        .string()
        .describe('a json field (e.g. sequence) that must strictly increase')
        .optional(),
      noMoreFor: Duration.describe('then no further update for this long (exact count)').optional(),
      capture: Capture.describe('from the last of the updates; `count` is how many').optional(),
    })
    .describe('wait for N updates of a subscription and check them'),
  'expect-no-updates': z
    .strictObject({ subscription: z.string().optional(), for: Duration })
    .describe('no update of the subscription arrives for a while'),
  unsubscribe: z
    .strictObject({
      subscription: z.string().optional(),
      expect: AckExpect.optional(),
      quiet: Duration.describe(
        'wait this long after the acknowledgement; any frame with the id fails the step ' +
          '(frames with the id fail the scenario anyway)',
      ).optional(),
    })
    .nullable()
    .describe('send the unsubscribe request; nothing with its id may arrive after the ack'),
  'send-raw': z
    .strictObject({
      hex: HexText.optional(),
      utf8: z.string().optional(),
      request: RawRequestFrame.describe('a NanoRPCRequest frame built as given').optional(),
      response: RawResponseFrame.describe('a NanoRPCResponse frame (client-under-test)').optional(),
      lengthPrefix: z
        .boolean()
        .describe('put a varint length before hex/utf8 bytes (default false)')
        .optional(),
    })
    .superRefine(exactlyOne(['hex', 'utf8', 'request', 'response']))
    .describe('write bytes as they are: malformed frames, odd envelopes (exactly one source)'),
  'expect-frame': z
    .strictObject({
      requestId: z.union([z.number().int(), z.string()]).optional(),
      type: z.union([RequestTypeName, ResponseTypeName]).optional(),
      status: StatusName.optional(),
      message: TextMatch.optional(),
      data: DataMatch.optional(),
      within: Duration.optional(),
      capture: Capture.optional(),
    })
    .describe('a received frame (since the last send-raw) matches'),
  'expect-silence': z
    .strictObject({
      for: Duration,
      requestId: z.union([z.number().int(), z.string()]).optional(),
    })
    .describe('no frame (with this request id) arrives for a while'),
  'expect-disconnect': z
    .strictObject({ within: Duration.optional() })
    .nullable()
    .describe('the peer closes the connection'),
  'expect-reconnect': z
    .strictObject({ within: Duration.optional() })
    .nullable()
    .describe('the harness client is connected again (it reconnects by itself)'),
  'expect-recovery': z
    .strictObject({ within: Duration.optional() })
    .nullable()
    .describe('the device answers a ping again, reconnecting if the link dropped'),
  reboot: z
    .strictObject({
      method: z
        .enum(['auto', 'request', 'target', 'dtr', 'rts', 'command'])
        .describe(
          "auto (default): the target's own reset if it has one, else request; request: " +
            '/sys/reboot; target: emulator or process control; dtr/rts: pulse the line; command',
        )
        .optional(),
      path: z
        .string()
        .describe('the reboot path for method request (default /sys/reboot)')
        .optional(),
      command: z.string().describe('shell command for method command').optional(),
      within: Duration.describe('the device must answer a ping again within this time').optional(),
    })
    .nullable()
    .describe('restart the device and wait until it answers again'),
  'expect-connection': z
    .strictObject({ within: Duration.optional() })
    .nullable()
    .describe('client-under-test: a client connects to the harness'),
  serve: z
    .strictObject({
      path: z.string(),
      status: StatusName.optional(),
      message: z.string().optional(),
      data: Payload.optional(),
      delay: Duration.describe('answer after this long').optional(),
      silent: z.boolean().describe('never answer').optional(),
    })
    .describe('client-under-test: how the harness answers requests to a path from now on'),
  'expect-request': z
    .strictObject({
      type: RequestTypeName.optional(),
      ...PathFields,
      data: DataMatch.optional(),
      within: Duration.optional(),
      capture: Capture.optional(),
    })
    .superRefine(exactlyOne(['path', 'hash'], true))
    .describe('client-under-test: the client sends a matching request'),
  publish: z
    .strictObject({
      path: z.string(),
      data: Payload.optional(),
      expect: z
        .strictObject({ delivered: z.number().int().min(0) })
        .describe('how many subscribers must get the update')
        .optional(),
    })
    .describe('client-under-test: publish an update to subscribers of a path'),
  'drop-connection': Empty.describe('client-under-test: close the client sessions'),
  'expect-exit': z
    .strictObject({ code: z.number().int().optional(), within: Duration.optional() })
    .nullable()
    .describe('client-under-test: the launched client exits (with code, default 0)'),
  wait: Duration.describe('pause'),
  set: z.record(VariableName, z.unknown()).describe('set variables'),
} as const;

const CommonStepFields = {
  title: z.string().describe('shown in reports instead of the generated title').optional(),
  timeout: Duration.describe('time limit of this step').optional(),
};

function stepOption<K extends Exclude<StepKind, 'repeat'>>(kind: K) {
  return z.strictObject({ ...CommonStepFields, [kind]: StepSpecs[kind] } as {
    title: (typeof CommonStepFields)['title'];
    timeout: (typeof CommonStepFields)['timeout'];
  } & { [P in K]: (typeof StepSpecs)[K] });
}

const NON_REPEAT_OPTIONS = [
  stepOption('connect'),
  stepOption('disconnect'),
  stepOption('ping'),
  stepOption('request'),
  stepOption('expect-response'),
  stepOption('subscribe'),
  stepOption('expect-updates'),
  stepOption('expect-no-updates'),
  stepOption('unsubscribe'),
  stepOption('send-raw'),
  stepOption('expect-frame'),
  stepOption('expect-silence'),
  stepOption('expect-disconnect'),
  stepOption('expect-reconnect'),
  stepOption('expect-recovery'),
  stepOption('reboot'),
  stepOption('expect-connection'),
  stepOption('serve'),
  stepOption('expect-request'),
  stepOption('publish'),
  stepOption('drop-connection'),
  stepOption('expect-exit'),
  stepOption('wait'),
  stepOption('set'),
] as const;

export interface RepeatSpecInput {
  times: number;
  as?: string | undefined;
  steps: StepInput[];
}

export interface RepeatStepInput {
  title?: string | undefined;
  timeout?: DurationInput | undefined;
  repeat: RepeatSpecInput;
}

export type StepInput = z.infer<(typeof NON_REPEAT_OPTIONS)[number]> | RepeatStepInput;

const RepeatStep = z.strictObject({
  ...CommonStepFields,
  get repeat(): z.ZodType<RepeatSpecInput> {
    return z
      .strictObject({
        times: z.number().int().min(1),
        as: VariableName.describe('variable holding the iteration, from 0').optional(),
        steps: z.array(Step).min(1),
      })
      .describe('run steps N times');
  },
});

/** One option per kind, in STEP_KINDS order (the loader relies on it to explain errors). */
export const Step: z.ZodType<StepInput> = z.union([...NON_REPEAT_OPTIONS, RepeatStep]);

export const ScenarioFile = z
  .strictObject({
    $schema: z.string().describe('path or URL of scenario.schema.json (for editors)').optional(),
    name: z.string().min(1).describe('unique name, shown in reports'),
    description: z.string().optional(),
    tags: z.array(z.string().min(1)).describe('for --filter').optional(),
    role: z
      .enum(['device-under-test', 'client-under-test'])
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
      .describe('run only against these targets (names or endpoint kinds tcp, unix, serial)')
      .optional(),
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
export type PayloadInput = z.infer<typeof Payload>;
export type DataMatchInput = z.infer<typeof DataMatch>;
export type TextMatchInput = z.infer<typeof TextMatch>;
export type StatusNameInput = z.infer<typeof StatusName>;
export type DurationInput = z.infer<typeof Duration>;
export type StepSpec<K extends StepKind> = K extends 'repeat'
  ? { times: number; as?: string; steps: StepInput[] }
  : z.infer<(typeof StepSpecs)[Exclude<K, 'repeat'>]>;
