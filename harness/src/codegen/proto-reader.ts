import { readFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { NANORPC_PROTO_FILE, NANORPC_PROTO_SOURCE, loadProtoFiles } from '@nanorpc-sim/core';
import { ProtoGenerationError, type ProtoProblem } from './proto-problem.js';
import { ProtoText } from './proto-text.js';

/** The method option that names a NanoRPC path, as protobufjs stores it. */
const REQUEST_PATH_OPTION = '(nanorpc).request_path';

/** One rpc of the file, with what the generators need and where it is written. */
export interface RpcMethod {
  /** `Service.Method`, as messages name it. */
  label: string;
  service: string;
  name: string;
  line: number | undefined;
  /** The `(nanorpc).request_path` option; undefined when the rpc has none. */
  path: string | undefined;
  requestStream: boolean;
  responseStream: boolean;
  requestType: protobuf.Type;
  responseType: protobuf.Type;
  /** As the .proto writes it: `rpc Multiply(MultiplyRequest) returns (MultiplyResponse)`. */
  signature: string;
}

/** A .proto file read for generation: its services' rpcs, in file order, and the loaded types. */
export interface ProtoModel {
  /** The file as the user named it: messages show this. */
  file: string;
  /** `demo_device` for `proto/demo_device.proto`. */
  stem: string;
  /** The file's package, '' when it has none. */
  packageName: string;
  root: protobuf.Root;
  methods: RpcMethod[];
}

export interface ProtoReadOptions {
  /** Relative names (the file, include folders) resolve against it. */
  cwd: string;
  /** More folders searched for imports, after the file's own folder. */
  includeDirs?: readonly string[];
}

/**
 * Reads `file` with the harness's own loader (loadProtoFiles), so imports resolve exactly as
 * for `--proto` elsewhere in the harness, and `import "nanorpc.proto"` works with nothing on
 * disk. Only the services of `file` itself are generated: protobufjs does not record which file
 * a type came from, so the file is also parsed alone to learn its own services.
 * Throws ProtoGenerationError, with file and line, for anything the user must fix.
 */
export function readProtoModel(file: string, options: ProtoReadOptions): ProtoModel {
  const absolute = path.resolve(options.cwd, file);
  const text = readText(file, absolute);
  const scanned = new ProtoText(text);
  let own: protobuf.IParserResult;
  try {
    own = protobuf.parse(text, new protobuf.Root(), { keepCase: false });
  } catch (error) {
    throw new ProtoGenerationError([parseProblem(file, errorText(error))]);
  }
  let root: protobuf.Root;
  try {
    root = loadProtoFiles([absolute], {
      includeDirs: (options.includeDirs ?? []).map((dir) => path.resolve(options.cwd, dir)),
      builtIn: { [NANORPC_PROTO_FILE]: NANORPC_PROTO_SOURCE },
    });
  } catch (error) {
    throw new ProtoGenerationError([
      loadProblem(errorText(error), { file, absolute, scanned, own: own.root, cwd: options.cwd }),
    ]);
  }
  const methods: RpcMethod[] = [];
  for (const service of servicesOf(own.root)) {
    const loaded = root.lookupService(service.fullName);
    for (const method of loaded.methodsArray) {
      methods.push(toRpcMethod(file, service, method, scanned));
    }
  }
  return {
    file,
    stem: path.basename(file).replace(/\.proto$/, ''),
    packageName: own.package ?? '',
    root,
    methods,
  };
}

function readText(file: string, absolute: string): string {
  try {
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : errorText(error);
    throw new ProtoGenerationError([{ file, line: undefined, method: undefined, message: reason }]);
  }
}

function toRpcMethod(
  file: string,
  service: protobuf.Service,
  method: protobuf.Method,
  scanned: ProtoText,
): RpcMethod {
  const label = `${service.name}.${method.name}`;
  const line = scanned.rpcLine(service.name, method.name);
  const option: unknown = method.options?.[REQUEST_PATH_OPTION];
  if (option !== undefined && typeof option !== 'string') {
    throw new ProtoGenerationError([
      { file, line, method: label, message: `(nanorpc).request_path must be a string` },
    ]);
  }
  const requestType = method.resolvedRequestType;
  const responseType = method.resolvedResponseType;
  if (requestType === null || responseType === null) {
    // resolveAll() in the loader resolved every method; this only guards the types.
    throw new ProtoGenerationError([
      { file, line, method: label, message: 'request or response type not resolved' },
    ]);
  }
  const requestStream = method.requestStream === true;
  const responseStream = method.responseStream === true;
  const request = `${requestStream ? 'stream ' : ''}${method.requestType}`;
  const response = `${responseStream ? 'stream ' : ''}${method.responseType}`;
  return {
    label,
    service: service.name,
    name: method.name,
    line,
    path: option,
    requestStream,
    responseStream,
    requestType,
    responseType,
    signature: `rpc ${method.name}(${request}) returns (${response})`,
  };
}

function* servicesOf(namespace: protobuf.NamespaceBase): Generator<protobuf.Service> {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Service) yield nested;
    else if (nested instanceof protobuf.Namespace) yield* servicesOf(nested);
  }
}

/** protobufjs parse errors end with `(line N)`. */
function parseProblem(file: string, reason: string): ProtoProblem {
  const match = /^(.*) \(line (\d+)\)$/.exec(reason);
  if (match === null) return { file, line: undefined, method: undefined, message: reason };
  return { file, line: Number(match[2]), method: undefined, message: match[1] ?? reason };
}

interface LoadContext {
  file: string;
  absolute: string;
  scanned: ProtoText;
  /** The file parsed alone: what it defines without its imports. */
  own: protobuf.Root;
  cwd: string;
}

/** A loader error (missing import, parse error in an import, unknown type) with its place. */
function loadProblem(reason: string, context: LoadContext): ProtoProblem {
  const missing = /^(.+): not found \(imported by (.+)\)$/.exec(reason);
  if (missing !== null) return missingImportProblem(missing[1] ?? '', missing[2] ?? '', context);
  const inFile = /^(.+?): (.* \(line \d+\))$/.exec(reason);
  if (inFile !== null) return parseProblem(displayPath(inFile[1] ?? '', context), inFile[2] ?? '');
  const unknownType =
    /no such type: \.?([\w.]+)/.exec(reason) ?? /no such Type or Enum '\.?([\w.]+)'/.exec(reason);
  if (unknownType !== null) {
    const name = unknownType[1] ?? '';
    const users = methodsWithForeignTypes(context).filter((m) => m.types.includes(name));
    return {
      file: context.file,
      line: users[0]?.line ?? context.scanned.wordLine(name),
      method: users[0]?.label,
      message: `unknown type ${name}`,
    };
  }
  return { file: context.file, line: undefined, method: undefined, message: reason };
}

function missingImportProblem(name: string, importer: string, context: LoadContext): ProtoProblem {
  const fromMain = importer === context.absolute;
  const importerText = fromMain ? context.scanned : readScanned(importer);
  const needing = fromMain ? methodsWithForeignTypes(context) : [];
  const needs =
    needing.length === 0
      ? ''
      : `; needed by ${needing.map((m) => `rpc ${m.label} (line ${m.line ?? '?'})`).join(', ')}`;
  return {
    file: fromMain ? context.file : displayPath(importer, context),
    line: importerText?.importLine(name),
    method: needing[0]?.label,
    message:
      `import "${name}" not found (looked beside the importing file, in --proto-path folders ` +
      `and among the built-in ${NANORPC_PROTO_FILE})${needs}`,
  };
}

interface ForeignUse {
  label: string;
  line: number | undefined;
  /** Request/response type names the file does not define itself. */
  types: string[];
}

/** The file's rpcs whose types come from elsewhere (an import), from the file parsed alone. */
function methodsWithForeignTypes(context: LoadContext): ForeignUse[] {
  const uses: ForeignUse[] = [];
  for (const service of servicesOf(context.own)) {
    for (const method of service.methodsArray) {
      const types = [method.requestType, method.responseType].filter(
        (type) => service.lookup(type, [protobuf.Type]) === null,
      );
      if (types.length === 0) continue;
      uses.push({
        label: `${service.name}.${method.name}`,
        line: context.scanned.rpcLine(service.name, method.name),
        types: types.map((type) => type.replace(/^\./, '')),
      });
    }
  }
  return uses;
}

function readScanned(file: string): ProtoText | undefined {
  try {
    return new ProtoText(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** An absolute loader key as the user would write it: relative to the working folder. */
function displayPath(key: string, context: LoadContext): string {
  if (key === context.absolute) return context.file;
  if (!path.isAbsolute(key)) return key;
  const relative = path.relative(context.cwd, key);
  return relative.startsWith('..') ? key : relative;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
