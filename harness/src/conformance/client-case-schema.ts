import { z } from 'zod';

/*
 * A client conformance case (scenarios/client/*.case, YAML): the rule it checks, the driver
 * commands to send, what the scripted server does, and the checks over driver results, events
 * and frames, each strict or not. docs/conformance.md describes every key. The scenario format
 * scripts the server too, but it has no way to make a client act; here the client's actions
 * come from the driver protocol, so both built-in clients and any vendor's are driven the same.
 */

const Hex = z.string().regex(/^[0-9a-fA-F\s:-]*$/, 'hex digits');
const Ms = z.number().int().min(0);
const Name = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a lower-case name');
const StatusName = z.enum(['OK', 'NOT_FOUND', 'NOT_AUTHORIZED', 'INTERNAL_ERROR', 'UNSPECIFIED']);

/** A driver command; `endpoint` of connect defaults to the server's. `as` names its result. */
const DriverStep = z
  .looseObject({ cmd: z.string(), as: Name.optional(), wait: z.boolean().optional() })
  .describe('a driver command; wait (default true) waits for its result line');

const ExpectRequest = z.strictObject({
  type: z.enum(['PING', 'REQUEST', 'SUBSCRIBE', 'UNSPECIFIED']).optional(),
  path: z.string().optional(),
  as: Name.optional(),
  within: Ms.optional(),
});

const Respond = z.strictObject({
  to: Name.describe('a request named by expect-request'),
  type: z.enum(['PONG', 'RESPONSE', 'UPDATE']).optional(),
  status: z.union([StatusName, z.number().int().min(0)]).optional(),
  message: z.string().optional(),
  data: Hex.optional(),
  /** Added to the request's id (0 by default); a stray id is `idOffset: 1000`. */
  idOffset: z.number().int().optional(),
  /** Raw protobuf fields appended to the body (unknown fields). */
  extraFields: Hex.optional(),
  /** A response_type number outside the enum. */
  typeNumber: z.number().int().min(0).optional(),
});

const ResultCheck = z.strictObject({
  of: Name,
  ok: z.boolean().optional(),
  status: z.union([StatusName, z.number()]).optional(),
  data: Hex.optional(),
  error: z.union([z.string(), z.array(z.string())]).optional(),
  within: Ms.optional(),
});

const UpdatesCheck = z.strictObject({
  /** The subscribe command's name: its result's request_id picks the updates. */
  of: Name,
  /** Exactly these updates, in this order. */
  data: z.array(Hex).optional(),
  /** None of these was delivered. */
  excludes: z.array(Hex).optional(),
  /** At least this many were delivered. */
  count: z.number().int().min(1).optional(),
  within: Ms.optional(),
  /** Only updates the driver reported after this command was sent. */
  since: Name.optional(),
  /** Only updates reported before this command's result line. */
  before: Name.optional(),
});

const RequestCheck = z.strictObject({
  of: Name.describe('a request named by expect-request'),
  /** The path string sent (field 4). */
  path: z.string().optional(),
  /** The path sent as path_hash (field 3), with no string: the FNV-1a hash of this path. */
  hashOf: z.string().optional(),
  data: Hex.optional(),
});

const CountCheck = z.strictObject({
  min: z.number().int().min(0).optional(),
  max: z.number().int().min(0).optional(),
});

const Check = z
  .strictObject({
    rule: z
      .string()
      .min(1)
      .describe('the rule checked: a section of docs/protocol.md and the rule name'),
    strict: z.boolean().optional().describe('false: the protocol leaves room (NON-STRICT)'),
    says: z.string().min(1).describe('what must hold, in words'),
    result: ResultCheck.optional(),
    updates: UpdatesCheck.optional(),
    request: RequestCheck.optional(),
    'results-once': z.literal(true).optional(),
    pings: CountCheck.optional(),
    connections: CountCheck.optional(),
    'driver-alive': z.literal(true).optional(),
  })
  .refine(
    (check) =>
      [
        'result',
        'updates',
        'request',
        'results-once',
        'pings',
        'connections',
        'driver-alive',
      ].filter((key) => key in check).length === 1,
    {
      message:
        'a check has exactly one of result, updates, request, results-once, pings, connections, driver-alive',
    },
  );
export type Check = z.infer<typeof Check>;

export const CaseStep = z.union([
  z.strictObject({ driver: DriverStep }),
  z.strictObject({ 'expect-request': ExpectRequest }),
  z.strictObject({ respond: Respond }),
  z.strictObject({ 'send-raw': z.strictObject({ hex: Hex }) }),
  z.strictObject({ drop: z.strictObject({}).nullable() }),
  z.strictObject({
    'expect-connection': z.strictObject({ count: z.number().int().min(1), within: Ms.optional() }),
  }),
  z.strictObject({ wait: Ms }),
  z.strictObject({ check: Check }),
]);
export type CaseStep = z.infer<typeof CaseStep>;

export const ClientCase = z.strictObject({
  name: z.string().min(1),
  description: z
    .string()
    .min(1)
    .describe('the rule it checks, citing a section of docs/protocol.md'),
  rule: z.string().min(1),
  /** scripted: the harness plays the server; profile: a server of the conformance profile. */
  server: z.enum(['scripted', 'profile']),
  /** Scripted server: answer every ping with a pong by itself (default true). */
  autoPong: z.boolean().optional(),
  /** Scripted server: answer requests to these paths by itself (subscribe: the ack). */
  serve: z
    .record(
      z.string(),
      z.strictObject({
        status: StatusName.optional(),
        data: Hex.optional(),
        echo: z.boolean().optional(),
      }),
    )
    .optional(),
  /** Options of the driver's connect command. */
  connect: z.record(z.string(), z.unknown()).optional(),
  /** Connect before step 1 (default true). */
  autoConnect: z.boolean().optional(),
  steps: z.array(CaseStep).min(1),
});
export type ClientCase = z.infer<typeof ClientCase>;
