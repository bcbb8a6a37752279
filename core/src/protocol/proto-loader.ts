import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import protobuf from 'protobufjs';
import { NANORPC_PROTO_SOURCE } from './nanorpc-proto-source.js';

/** The wire schema's file name, as user schemas import it. */
export const NANORPC_PROTO_FILE = 'nanorpc.proto';

const require = createRequire(import.meta.url);
const PROTOBUFJS_DIR = path.dirname(require.resolve('protobufjs/package.json'));

/**
 * Imports that a schema may name but that need not be read: nanopb.proto only carries C
 * generator options, which protobufjs keeps as plain options.
 */
const OPTION_ONLY_IMPORTS = new Set(['nanopb.proto']);

export interface ProtoLoadOptions {
  /** Folders searched for imports after the importing file's own folder. */
  includeDirs?: readonly string[];
  /**
   * Schemas served from memory by file name (a package's own .proto files), used when no file
   * of that name is found on disk. nanorpc.proto is always among them.
   */
  builtIn?: Readonly<Record<string, string>>;
}

/** A .proto file or import that could not be found; names the file that asked for it. */
export class ProtoFileNotFoundError extends Error {
  constructor(name: string, importedBy: string | undefined) {
    super(
      importedBy === undefined
        ? `${name}: not found`
        : `${name}: not found (imported by ${importedBy})`,
    );
    this.name = 'ProtoFileNotFoundError';
  }
}

interface ProtoSource {
  /** Where it came from: an absolute path, or `builtin:<name>`. */
  key: string;
  text: string;
}

/**
 * Loads .proto files with protobufjs (reflection). A name resolves against the importing file's
 * folder, then `includeDirs`, then the built-in schemas (so user schemas can `import
 * "nanorpc.proto"` with nothing on disk); Google's well-known types come from protobufjs.
 */
export function loadProtoFiles(
  files: readonly string[],
  options: ProtoLoadOptions = {},
): protobuf.Root {
  const builtIn: Record<string, string> = {
    [NANORPC_PROTO_FILE]: NANORPC_PROTO_SOURCE,
    ...options.builtIn,
  };
  const includeDirs = options.includeDirs ?? [];
  const root = new protobuf.Root();
  const loaded = new Set<string>();

  const find = (name: string, importedBy: string | undefined): ProtoSource => {
    const folders = importedBy?.startsWith('/') ? [path.dirname(importedBy)] : [];
    const candidates = path.isAbsolute(name)
      ? [name]
      : [
          ...(importedBy === undefined ? [path.resolve(name)] : []),
          ...[...folders, ...includeDirs].map((dir) => path.resolve(dir, name)),
        ];
    const onDisk = candidates.find((candidate) => existsSync(candidate));
    if (onDisk !== undefined) return { key: onDisk, text: readFileSync(onDisk, 'utf8') };
    const text = builtIn[name];
    if (text !== undefined) return { key: `builtin:${name}`, text };
    if (name.startsWith('google/protobuf/')) {
      const file = path.join(PROTOBUFJS_DIR, name);
      if (existsSync(file)) return { key: file, text: readFileSync(file, 'utf8') };
    }
    throw new ProtoFileNotFoundError(name, importedBy);
  };

  const load = (name: string, importedBy: string | undefined): void => {
    if (OPTION_ONLY_IMPORTS.has(name)) return;
    const common = protobuf.common.get(name) as { nested?: protobuf.INamespace['nested'] } | null;
    if (common !== null && name.startsWith('google/protobuf/')) {
      if (loaded.has(name)) return;
      loaded.add(name);
      if (common.nested !== undefined) root.addJSON(common.nested);
      return;
    }
    const source = find(name, importedBy);
    if (loaded.has(source.key)) return;
    loaded.add(source.key);
    let parsed: protobuf.IParserResult;
    try {
      parsed = protobuf.parse(source.text, root, { keepCase: false });
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new Error(`${displayName(source.key)}: ${reason}`, { cause });
    }
    for (const imported of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      load(imported, source.key);
    }
  };

  for (const file of files) load(file, undefined);
  root.resolveAll();
  return root;
}

function displayName(key: string): string {
  return key.startsWith('builtin:') ? key.slice('builtin:'.length) : key;
}

/**
 * nanorpc.proto without its imports and its method-option extension: the envelope messages
 * alone, which need nothing else to parse.
 */
export function nanoRpcEnvelopeSource(): string {
  return NANORPC_PROTO_SOURCE.replace(/^import .*$/gm, '').replace(
    /extend google\.protobuf\.MethodOptions \{[^}]*\}/,
    '',
  );
}

/** Parses the envelope messages of the wire schema. */
export function loadNanoRpcSchema(): protobuf.Root {
  return protobuf.parse(nanoRpcEnvelopeSource(), { keepCase: false }).root;
}
