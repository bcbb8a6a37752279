import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/**
 * The repository's proto/ folder. Sources live in harness/src/protocol and builds in
 * harness/dist/protocol: both are three levels below the repository root.
 */
export const PROTO_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../proto',
);

const require = createRequire(import.meta.url);
const PROTOBUFJS_DIR = path.dirname(require.resolve('protobufjs/package.json'));

/**
 * Imports that a schema may name but that the harness does not need to read:
 * nanopb.proto only carries C generator options, which protobufjs keeps as plain options.
 */
const OPTION_ONLY_IMPORTS = new Set(['nanopb.proto']);

/**
 * Loads .proto files with protobufjs (reflection). Imports resolve against the importing file,
 * then `includeDirs`, then proto/ (so user schemas can `import "nanorpc.proto"`); Google's
 * well-known types come from protobufjs itself.
 */
export function loadProtoFiles(files: string[], includeDirs: string[] = []): protobuf.Root {
  const root = new protobuf.Root();
  const searchDirs = [...includeDirs, PROTO_DIR];
  root.resolvePath = (origin, target) => {
    if (OPTION_ONLY_IMPORTS.has(target)) return null;
    if (target.startsWith('google/protobuf/')) return path.join(PROTOBUFJS_DIR, target);
    if (path.isAbsolute(target)) return target;
    const candidates = [
      origin ? path.resolve(path.dirname(origin), target) : path.resolve(target),
      ...searchDirs.map((dir) => path.resolve(dir, target)),
    ];
    return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0] ?? target;
  };
  root.loadSync(files, { keepCase: false });
  root.resolveAll();
  return root;
}

/**
 * proto/nanorpc.proto without its imports and its method-option extension: the envelope
 * messages alone, which need nothing else to parse.
 */
export function nanoRpcEnvelopeSource(): string {
  return readFileSync(path.join(PROTO_DIR, 'nanorpc.proto'), 'utf8')
    .replace(/^import .*$/gm, '')
    .replace(/extend google\.protobuf\.MethodOptions \{[^}]*\}/, '');
}

/** Parses the envelope messages of the wire schema. */
export function loadNanoRpcSchema(): protobuf.Root {
  return protobuf.parse(nanoRpcEnvelopeSource(), { keepCase: false }).root;
}
