import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, runGen, tempDir } from './run-gen.js';

/** A .proto of lines; line numbers in the expectations count from `syntax` = line 1. */
const proto = (...lines: string[]): string => `${lines.join('\n')}\n`;

const HEAD = ['syntax = "proto3";', 'import "nanorpc.proto";', 'message M { int32 x = 1; }'];

const CASES: { name: string; text: string; expected: RegExp[] }[] = [
  {
    name: 'a path served by two rpcs',
    text: proto(
      ...HEAD,
      '// rpc B is below: this comment must not be taken for it.',
      'service S {',
      '  rpc A(M) returns (M) { option (nanorpc).request_path = "/a"; }',
      '  rpc B(M) returns (M) {',
      '    option (nanorpc).request_path = "/a";',
      '  }',
      '}',
    ),
    expected: [
      /^nanorpc-hil: case\.proto:7: rpc S\.B: path "\/a" is also served by rpc S\.A \(line 6\)$/m,
    ],
  },
  {
    name: 'two paths with one FNV-1a hash',
    text: proto(
      ...HEAD,
      'service S {',
      '  rpc A(M) returns (M) { option (nanorpc).request_path = "/zone/9rnw"; }',
      '  rpc B(M) returns (M) { option (nanorpc).request_path = "/zone/apba"; }',
      '}',
    ),
    expected: [
      /^nanorpc-hil: case\.proto:6: rpc S\.B: path "\/zone\/apba" and "\/zone\/9rnw" of rpc S\.A \(line 5\) have one FNV-1a hash, 0x7bc251e1/m,
    ],
  },
  {
    name: 'an rpc without a path',
    text: proto(
      ...HEAD,
      'service S {',
      '  rpc A(M) returns (M) { option (nanorpc).request_path = "/a"; }',
      '  rpc NoPath(M) returns (M);',
      '}',
    ),
    expected: [/^nanorpc-hil: case\.proto:6: rpc S\.NoPath: no option \(nanorpc\)\.request_path/m],
  },
  {
    name: 'a missing import',
    text: proto(
      'syntax = "proto3";',
      'import "nanorpc.proto";',
      'import "units.proto";',
      'service S {',
      '  rpc Read(M) returns (units.Celsius) { option (nanorpc).request_path = "/t"; }',
      '}',
      'message M {}',
    ),
    expected: [
      /^nanorpc-hil: case\.proto:3: rpc S\.Read: import "units\.proto" not found .*; needed by rpc S\.Read \(line 5\)$/m,
    ],
  },
  {
    name: 'a path longer than 50 bytes and a client stream',
    text: proto(
      ...HEAD,
      'service S {',
      `  rpc Long(M) returns (M) { option (nanorpc).request_path = "/${'x'.repeat(50)}"; }`,
      '  rpc Up(stream M) returns (M) { option (nanorpc).request_path = "/up"; }',
      '}',
    ),
    expected: [
      /^nanorpc-hil: case\.proto:5: rpc S\.Long: path "\/x+" is 51 bytes, more than 50$/m,
      /^nanorpc-hil: case\.proto:6: rpc S\.Up: a stream request/m,
    ],
  },
  {
    name: 'a syntax error',
    text: proto('syntax = "proto3";', 'message M {', '  int32 x = 1', '}'),
    expected: [/^nanorpc-hil: case\.proto:4: illegal token '}'/m],
  },
];

describe('.proto errors stop gen c and gen ts with exit 2, file:line and the rpc', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('errors');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const { name, text, expected } of CASES) {
    it.each(['c', 'ts'])(`${name} (gen %s)`, async (language) => {
      await writeFile(path.join(dir, 'case.proto'), text);
      const out = path.join(dir, `out-${language}`);
      const gen = await runGen([language, 'case.proto', '--out', out], dir);
      expect(gen.status).toBe(2);
      for (const pattern of expected) expect(gen.stderr).toMatch(pattern);
      expect(gen.stderr).toMatch(new RegExp(`gen ${language}: nothing written\\n$`));
      expect(existsSync(out)).toBe(false);
    });
  }

  it('exits 2 from the built command too (harness/dist)', async () => {
    await writeFile(path.join(dir, 'case.proto'), CASES[2]?.text ?? '');
    const main = path.join(REPO_ROOT, 'harness', 'dist', 'cli', 'main.js');
    const run = spawnSync('node', [main, 'gen', 'c', 'case.proto', '--out', 'out'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(run.stderr).toMatch(/^nanorpc-hil: case\.proto:6: rpc S\.NoPath: /m);
    expect(run.status).toBe(2);
  });

  it('names an imported file and its line when the import is missing there', async () => {
    await writeFile(
      path.join(dir, 'middle.proto'),
      proto('syntax = "proto3";', '', 'import "gone.proto";'),
    );
    await writeFile(
      path.join(dir, 'top.proto'),
      proto(
        'syntax = "proto3";',
        'import "nanorpc.proto";',
        'import "middle.proto";',
        'message M {}',
        'service S { rpc A(M) returns (M) { option (nanorpc).request_path = "/a"; } }',
      ),
    );
    const gen = await runGen(['c', 'top.proto', '--out', 'out'], dir);
    expect(gen.status).toBe(2);
    expect(gen.stderr).toMatch(/^nanorpc-hil: middle\.proto:3: import "gone\.proto" not found/m);
  });
});
