import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT, runGen, tempDir } from './run-gen.js';

/**
 * Generated files repeat each path in a comment. A path holding `*` then `/` must not end that
 * comment early: the rest of the line would become code (C: an implicit-int declaration; TS: a
 * syntax error), and the path is a legal request_path.
 */
const PROTO = `syntax = "proto3";
package star;
import "nanorpc.proto";
message Empty {}
service Logs {
  rpc Tail(Empty) returns (Empty) { option (nanorpc).request_path = "/logs/*/tail"; }
}
`;

describe('nanorpc-hil gen: a path with */ in the comments of the generated files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('comment');
    await writeFile(path.join(dir, 'star.proto'), PROTO);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gen c: the handler header compiles', async () => {
    const out = path.join(dir, 'c');
    const gen = await runGen(['c', path.join(dir, 'star.proto'), '--out', out]);
    expect(gen.stderr).toBe('');
    expect(gen.status).toBe(0);
    const main = path.join(dir, 'main.c');
    await writeFile(main, '#include "star_handlers.h"\n');
    const gcc = spawnSync(
      'gcc',
      [
        ...['-std=c11', '-Wall', '-Wextra', '-Wpedantic', '-Werror', '-fsyntax-only'],
        ...['-I', out, '-I', path.join(REPO_ROOT, 'firmware', 'nanorpc', 'include'), main],
      ],
      { encoding: 'utf8' },
    );
    expect(gcc.stdout + gcc.stderr).toBe('');
    expect(gcc.status).toBe(0);
  });

  it('gen ts: the client parses', async () => {
    const out = path.join(dir, 'ts');
    const gen = await runGen(['ts', path.join(dir, 'star.proto'), '--out', out]);
    expect(gen.stderr).toBe('');
    expect(gen.status).toBe(0);
    const text = await readFile(path.join(out, 'star_client.ts'), 'utf8');
    const result = ts.transpileModule(text, {
      reportDiagnostics: true,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    });
    expect(
      (result.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ).toEqual([]);
    expect(text).toContain('"/logs/*/tail"');
  });
});
