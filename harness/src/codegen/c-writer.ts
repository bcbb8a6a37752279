import { fnv1a32 } from '@nanorpc-sim/core';
import { cHashLiteral, cPrefix, cStringLiteral, handlerFunction, pathMacro } from './c-names.js';
import { commentText, type GeneratedFile } from './generated-file.js';
import type { PathMethod } from './proto-checks.js';

export interface CWriterOptions {
  /** Write `<STEM>_PATH_<NAME>` string macros (for devices that also match string paths). */
  pathStrings: boolean;
  /** Write `<stem>_handlers.h/.c`, the handler table skeleton. */
  handlers: boolean;
}

interface CPath {
  method: PathMethod;
  macro: string;
  fn: string;
}

/**
 * The C of firmware/README.md, "Generated C for the dispatcher": `<stem>_paths.h` and the handler
 * table skeleton `<stem>_handlers.h/.c` that nanorpc_device_init() takes. Every firmware build
 * (make, the PlatformIO pre-scripts) runs this.
 */
export function writeC(
  fileName: string,
  stem: string,
  methods: readonly PathMethod[],
  options: CWriterOptions,
): GeneratedFile[] {
  const prefix = cPrefix(stem);
  const paths: CPath[] = methods.map((method) => ({
    method,
    macro: pathMacro(prefix, method.path),
    fn: handlerFunction(stem, method.name, method.responseStream),
  }));
  const files = [pathsHeader(fileName, stem, prefix, paths, options.pathStrings)];
  if (options.handlers) files.push(handlersHeader(fileName, stem, prefix, paths));
  if (options.handlers) files.push(handlersSource(fileName, stem, prefix, paths));
  return files;
}

function pathsHeader(
  fileName: string,
  stem: string,
  prefix: string,
  paths: readonly CPath[],
  strings: boolean,
): GeneratedFile {
  const guard = `${prefix}_PATHS_H`;
  const lines = [
    `/* Generated from ${fileName} (its (nanorpc).request_path options): do not edit.`,
    ' * Each path and its FNV-1a 32 hash, written by nanorpc-hil gen c. */',
    `#ifndef ${guard}`,
    `#define ${guard}`,
    '',
  ];
  for (const { method, macro } of paths) {
    lines.push(`/* ${method.signature} */`);
    if (strings) lines.push(`#define ${macro} ${cStringLiteral(method.path)}`);
    lines.push(`#define ${macro}_HASH ${cHashLiteral(fnv1a32(method.path))}`);
  }
  lines.push('', `#define ${prefix}_PATH_COUNT ${paths.length}`, '', `#endif /* ${guard} */`, '');
  return {
    name: `${stem}_paths.h`,
    text: lines.join('\n'),
    summary: `${paths.length} path hashes${strings ? ' and strings' : ''}`,
  };
}

function handlersHeader(
  fileName: string,
  stem: string,
  prefix: string,
  paths: readonly CPath[],
): GeneratedFile {
  const guard = `${prefix}_HANDLERS_H`;
  const table = `${cPrefix(stem).toLowerCase()}_handlers`;
  const lines = [
    `/* Generated from ${fileName} by nanorpc-hil gen c: do not edit.`,
    ' * The handler table of the NanoRPC dispatcher. Define each function below; a request',
    ' * handler serves TYPE_REQUEST (on_request), a topic checks a TYPE_SUBSCRIBE before it is',
    ' * stored (on_subscribe) and is fed with nanorpc_device_publish(). Then:',
    ` *     nanorpc_device_init(&device, ${table}, ${prefix}_PATH_COUNT, &app); */`,
    `#ifndef ${guard}`,
    `#define ${guard}`,
    '',
    '#include <nanorpc/device.h>',
    '',
    `#include "${stem}_paths.h"`,
    '',
    '#ifdef __cplusplus',
    'extern "C" {',
    '#endif',
    '',
  ];
  for (const { method, fn } of paths) {
    const role = method.responseStream ? 'topic, on_subscribe' : 'on_request';
    lines.push(`/* ${method.signature}: ${commentText(method.path)}, ${role} */`);
    lines.push(`nanorpc_status_t ${fn}(nanorpc_call_t *call);`);
  }
  lines.push(
    '',
    '/* One row per path, in .proto order; it lives as long as the program (static storage). */',
    `extern const nanorpc_handler_t ${table}[${prefix}_PATH_COUNT];`,
    '',
    '#ifdef __cplusplus',
    '}',
    '#endif',
    '',
    `#endif /* ${guard} */`,
    '',
  );
  return {
    name: `${stem}_handlers.h`,
    text: lines.join('\n'),
    summary: `${paths.length} handler declarations, the table ${table}`,
  };
}

function handlersSource(
  fileName: string,
  stem: string,
  prefix: string,
  paths: readonly CPath[],
): GeneratedFile {
  const table = `${cPrefix(stem).toLowerCase()}_handlers`;
  const rows = paths.map(({ method, macro, fn }) => {
    const onRequest = method.responseStream ? 'NULL' : fn;
    const onSubscribe = method.responseStream ? fn : 'NULL';
    return `    {${macro}_HASH, ${onRequest}, ${onSubscribe}},`;
  });
  const lines = [
    `/* Generated from ${fileName} by nanorpc-hil gen c: do not edit. */`,
    `#include "${stem}_handlers.h"`,
    '',
    `const nanorpc_handler_t ${table}[${prefix}_PATH_COUNT] = {`,
    ...rows,
    '};',
    '',
  ];
  return { name: `${stem}_handlers.c`, text: lines.join('\n'), summary: `the table ${table}` };
}
