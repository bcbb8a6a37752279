import { commentText, type GeneratedFile } from './generated-file.js';
import type { PathMethod } from './proto-checks.js';
import { qualifiedName, reachableTypes } from './reachable-types.js';
import { schemaJson } from './ts-schema.js';
import { TsTypeNames, writeTsType } from './ts-types.js';

/** Members of a generated client class that an rpc's method may not shadow. */
const CLASS_MEMBERS = new Set(['client', 'payloads', 'constructor']);

const lowerCamel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
const upperCamel = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/**
 * `<stem>_client.ts`: the .proto's message types as TypeScript types, and per service a class
 * with one method per request path over NanoRpcClient (@nanorpc-sim/core): a request returns
 * the decoded answer, a `returns (stream X)` rpc subscribes with typed updates. Payloads go
 * through PayloadTypes, so encoding is checked the same way as everywhere in the harness.
 */
export function writeTs(
  fileName: string,
  stem: string,
  packageName: string,
  methods: readonly PathMethod[],
): GeneratedFile {
  const services = [...new Set(methods.map((method) => method.service))];
  const classes = services.map((service) => `${upperCamel(service)}Client`);
  const pathsConsts = services.map((service) => `${upperCamel(service)}Paths`);
  const factory = `${lowerCamel(upperCamel(stem))}PayloadTypes`;
  const names = new TsTypeNames(packageName, [...classes, ...pathsConsts, factory]);
  const types = reachableTypes(methods);
  // Name every type first, in reach order, so names do not depend on declaration order.
  for (const type of types) names.of(type);

  const out: string[] = [
    `// Generated from ${fileName} by nanorpc-hil gen ts: do not edit.`,
    `// A typed NanoRPC client of the request paths of ${fileName}, over NanoRpcClient.`,
    'import {',
    '  PayloadTypes,',
    '  type JsonObject,',
    '  type NanoRpcClient,',
    '  type NanoRpcResponse,',
    '  type RequestOptions,',
    '  type Subscription,',
    "} from '@nanorpc-sim/core';",
    '',
    ...types.map((type) => writeTsType(type, names)),
    '// The message types of the paths (protobufjs JSON): no .proto is read at run time.',
    `const SCHEMA = ${JSON.stringify(schemaJson(types), null, 2)};`,
    '',
    `/** Payload types of every request path of ${fileName}. */`,
    `export function ${factory}(): PayloadTypes {`,
    '  const payloads = new PayloadTypes();',
    // protobufjs's declared JSON types lack some keys its toJSON() writes (protoName, keyType).
    "  payloads.root.addJSON(SCHEMA as Parameters<PayloadTypes['root']['addJSON']>[0]);",
    ...methods.map((method) => {
      const request = JSON.stringify(qualifiedName(method.requestType));
      const response = JSON.stringify(qualifiedName(method.responseType));
      const streaming = method.responseStream ? ', streaming: true' : '';
      return `  payloads.define(${JSON.stringify(method.path)}, { request: ${request}, response: ${response}${streaming} });`;
    }),
    '  return payloads;',
    '}',
  ];
  services.forEach((service, index) => {
    const own = methods.filter((method) => method.service === service);
    out.push(
      '',
      ...serviceClass(service, classes[index] ?? '', pathsConsts[index] ?? '', factory, own, names),
    );
  });
  return {
    name: `${stem}_client.ts`,
    text: `${out.join('\n')}\n`,
    summary: `${classes.join(', ')}: ${methods.length} typed methods, ${types.length} types`,
  };
}

function serviceClass(
  service: string,
  className: string,
  pathsConst: string,
  factory: string,
  methods: readonly PathMethod[],
  names: TsTypeNames,
): string[] {
  const member = (method: PathMethod): string => {
    const name = lowerCamel(method.name);
    return CLASS_MEMBERS.has(name) ? `${name}_` : name;
  };
  const lines = [
    `/** The request paths of service ${service}. */`,
    `export const ${pathsConst} = {`,
    ...methods.map((method) => `  ${member(method)}: ${JSON.stringify(method.path)},`),
    '} as const;',
    '',
    `/** Service ${service} over a NanoRpcClient (connected by the caller, closed by the caller). */`,
    `export class ${className} {`,
    `  constructor(`,
    '    readonly client: NanoRpcClient,',
    `    readonly payloads: PayloadTypes = ${factory}(),`,
    '  ) {}',
  ];
  for (const method of methods) {
    const path = JSON.stringify(method.path);
    const input = names.inputOf(method.requestType);
    const output = names.of(method.responseType);
    lines.push('', `  /** ${method.signature}: ${commentText(method.path)} */`);
    if (method.responseStream) {
      // Payloads are checked at run time by PayloadTypes; the casts only cross from the
      // generated interfaces to its JSON type.
      lines.push(
        `  ${member(method)}(`,
        `    filter: ${input} | undefined,`,
        `    onUpdate: (value: ${output}, update: NanoRpcResponse) => void,`,
        '    options?: RequestOptions,',
        '  ): Promise<Subscription> {',
        `    const data = this.payloads.encodeRequest(${path}, filter as unknown as JsonObject | undefined);`,
        `    return this.client.subscribe(`,
        `      ${path},`,
        '      data,',
        `      (update) => onUpdate(this.payloads.decodeUpdate(${path}, update.data) as unknown as ${output}, update),`,
        '      options,',
        '    );',
        '  }',
      );
    } else {
      lines.push(
        `  async ${member(method)}(request: ${input} = {}, options?: RequestOptions): Promise<${output}> {`,
        `    const data = this.payloads.encodeRequest(${path}, request as unknown as JsonObject);`,
        `    const answer = await this.client.call(${path}, data, options);`,
        `    return this.payloads.decodeResponse(${path}, answer) as unknown as ${output};`,
        '  }',
      );
    }
  }
  lines.push('}');
  return lines;
}
