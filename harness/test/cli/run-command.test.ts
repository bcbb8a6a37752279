import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { memoryIo } from './memory-io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PASSING = `name: multiply
tags: [smoke]
proto: demo_device.proto
steps:
  - ping:
  - request:
      path: /calc/multiply
      data: { json: { a: 6, b: 7 } }
      expect: { data: { json: { product: 42 } } }
`;

const WRONG = `name: wrong expectation
tags: [broken]
steps:
  - request:
      path: /echo
      data: { utf8: hello }
      expect: { data: { utf8: goodbye } }
`;

describe('nanorpc-hil run', () => {
  it('runs scenarios/ against the built-in emulator, writes reports and the latest link', async () => {
    await writeFile(path.join(dir, 'placeholder.txt'), 'not a scenario');
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(dir, 'scenarios')));
    await writeFile(path.join(dir, 'scenarios', 'multiply.yaml'), PASSING);
    const io = memoryIo(dir);
    const status = await runCli(['run'], io);
    expect(io.stderr.text).toBe('');
    expect(status).toBe(0);
    expect(io.stdout.text).toMatch(
      /^run \d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[0-9a-f]{4}: 1 scenario run\(s\) against emulator at tcp:\/\/127\.0\.0\.1:\d+$/m,
    );
    expect(io.stdout.text).toMatch(/^PASS multiply \(\d+ ms\)$/m);
    expect(io.stdout.text).toContain('1 passed, 0 failed, 0 skipped (1 of 1)');
    const latest = readlinkSync(path.join(dir, 'reports', 'latest'));
    expect(readFileSync(path.join(dir, 'reports', 'LATEST'), 'utf8').trim()).toBe(latest);
    for (const file of ['junit.xml', 'report.json', 'trace.jsonl', 'report.html']) {
      expect(existsSync(path.join(dir, 'reports', latest, file))).toBe(true);
    }
    const report = JSON.parse(
      readFileSync(path.join(dir, 'reports', 'latest', 'report.json'), 'utf8'),
    ) as {
      totals: { passed: number };
      target: { name: string };
    };
    expect(report.totals.passed).toBe(1);
    expect(report.target.name).toBe('emulator');
  });

  it('exits 1 on a wrong expectation, printing expected, received and the last frames', async () => {
    await writeFile(path.join(dir, 'wrong.yaml'), WRONG);
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    const io = memoryIo(dir);
    const status = await runCli(['run', '.', '--no-report'], io);
    expect(status).toBe(1);
    const out = io.stdout.text;
    expect(out).toContain('FAIL wrong expectation (wrong.yaml)');
    expect(out).toContain(
      'step 1 (request, line 4): request /echo: data: expected text "goodbye", received "hello"',
    );
    expect(out).toMatch(/expected: \{\n\s+"status": "STATUS_OK",/);
    expect(out).toMatch(/received: \{\n\s+"type": "TYPE_RESPONSE",\n\s+"status": "STATUS_OK",/);
    expect(out).toMatch(
      /last frames \(2\):\n\s+\+0\.0 ms -> REQUEST #\d+ \/echo data 68656c6c6f\n\s+\+\d+\.\d ms <- RESPONSE #\d+ STATUS_OK data 68656c6c6f/,
    );
    expect(out).toContain('1 passed, 1 failed, 0 skipped (2 of 2)');
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
  });

  it('filters by tag, repeats, and bails', async () => {
    await writeFile(path.join(dir, 'wrong.yaml'), WRONG);
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    const io = memoryIo(dir);
    expect(
      await runCli(['run', '.', '--no-report', '--filter', 'smoke', '--repeat', '2'], io),
    ).toBe(0);
    expect(io.stdout.text).toContain('PASS multiply #2');
    expect(io.stdout.text).toContain('2 passed, 0 failed, 0 skipped (2 of 2)');
    const excluded = memoryIo(dir);
    expect(await runCli(['run', '.', '--no-report', '--filter', '!broken'], excluded)).toBe(0);
    expect(excluded.stdout.text).toContain('1 passed, 0 failed, 0 skipped (1 of 1)');
    const excludedToo = memoryIo(dir);
    expect(
      await runCli(['run', '.', '--no-report', '--exclude', 'broken,smoke'], excludedToo),
    ).toBe(2);
    expect(excludedToo.stderr.text).toContain('excluding broken,smoke');
    const bail = memoryIo(dir);
    expect(await runCli(['run', '.', '--no-report', '--bail', '--repeat', '2'], bail)).toBe(1);
    expect(bail.stdout.text).toContain('1 passed, 1 failed, 2 skipped (4 of 4)');
    expect(bail.stdout.text).toContain(
      'SKIP multiply #2: not run: --bail after "wrong expectation" failed',
    );
  });

  it('exits 2 naming file, line and field for a malformed scenario, before running anything', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    await writeFile(
      path.join(dir, 'broken.yaml'),
      'name: broken\nsteps:\n  - request:\n      path: /echo\n      expect: { status: FINE }\n',
    );
    const io = memoryIo(dir);
    expect(await runCli(['run', '.'], io)).toBe(2);
    expect(io.stderr.text).toMatch(
      /^nanorpc-hil: broken\.yaml:5:25: steps\[0\]\.request\.expect\.status: Invalid option/,
    );
    expect(io.stdout.text).toBe('');
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
  });

  it('exits 2 for a typed payload that cannot be encoded, naming line and field', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING.replace('a: 6', 'a: six'));
    const io = memoryIo(dir);
    expect(await runCli(['run', '.'], io)).toBe(2);
    expect(io.stderr.text).toBe(
      'nanorpc-hil: multiply.yaml:8:26: steps[1].request.data.json.a: expected an integer ' +
        'for int32 (demo.MultiplyRequest)\n',
    );
    expect(io.stdout.text).toBe('');
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
  });

  it('runs a typed payload holding a ${variable}, encoded at run time', async () => {
    await writeFile(
      path.join(dir, 'multiply.yaml'),
      PASSING.replace('steps:', 'variables: { six: 6 }\nsteps:').replace('a: 6', 'a: "${six}"'),
    );
    const io = memoryIo(dir);
    expect(await runCli(['run', '.', '--no-report'], io)).toBe(0);
    expect(io.stdout.text).toMatch(/^PASS multiply/m);
  });

  it('refuses a --target-option key the target does not know, listing the keys it takes', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    const misspelt = memoryIo(dir);
    expect(await runCli(['run', '.', '--target-option', 'listn=tcp://127.0.0.1:0'], misspelt)).toBe(
      2,
    );
    expect(misspelt.stderr.text).toBe(
      'nanorpc-hil: --target-option: target emulator does not know the key listn ' +
        '(did you mean listen?); it accepts listen\n',
    );
    const qemu = memoryIo(dir);
    expect(
      await runCli(['run', '.', '--target', 'qemu', '--target-option', 'binary=x'], qemu),
    ).toBe(2);
    expect(qemu.stderr.text).toContain('it accepts firmware-dir, image, machine, qemu, qemu-args');
    const endpoint = memoryIo(dir);
    expect(
      await runCli(
        ['run', '.', '--target', 'tcp://127.0.0.1:1', '--target-option', 'reset=dtr'],
        endpoint,
      ),
    ).toBe(2);
    expect(endpoint.stderr.text).toContain('it accepts reset-command');
    const none = memoryIo(dir);
    expect(
      await runCli(['run', '.', '--target', 'emulator-pty', '--target-option', 'listen=x'], none),
    ).toBe(2);
    expect(none.stderr.text).toContain(
      'target emulator-pty does not know the key listen; it takes no settings',
    );
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
  });

  it('passes a known --target-option to the target, and lists the keys in run --help', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    const socket = path.join(dir, 'emulator.sock');
    const io = memoryIo(dir);
    const status = await runCli(
      ['run', '.', '--no-report', '--target-option', `listen=unix://${socket}`],
      io,
    );
    expect(io.stderr.text).toBe('');
    expect(status).toBe(0);
    expect(io.stdout.text).toContain(`against emulator at unix://${socket}`);
    const help = memoryIo(dir);
    expect(await runCli(['run', '--help'], help)).toBe(0);
    expect(help.stdout.text).toMatch(/^ +listen=: endpoint to listen on/m);
    expect(help.stdout.text).toMatch(/^ +qemu-args=: more QEMU arguments/m);
    expect(help.stdout.text).toMatch(/^ +reset-command=: a shell command that resets/m);
  });

  it('exits 2 for a bad target, a bad option and an empty selection', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    const badTarget = memoryIo(dir);
    expect(await runCli(['run', '.', '--target', 'tcp://127.0.0.1:99999'], badTarget)).toBe(2);
    expect(badTarget.stderr.text).toContain('tcp://127.0.0.1:99999');
    const unknown = memoryIo(dir);
    expect(await runCli(['run', '.', '--target', 'toaster'], unknown)).toBe(2);
    expect(unknown.stderr.text).toContain('unknown target "toaster"');
    expect(unknown.stderr.text).toContain('emulator-pty');
    const misspelt = memoryIo(dir);
    expect(await runCli(['run', '.', '--target', 'emulatr'], misspelt)).toBe(2);
    expect(misspelt.stderr.text).toContain('unknown target "emulatr" (did you mean emulator?)');
    const option = memoryIo(dir);
    expect(
      await runCli(['run', '.', '--target-option', 'a=1', '--target-option', 'b'], option),
    ).toBe(2);
    expect(option.stderr.text).toBe('nanorpc-hil: --target-option: expected key=value (got "b")\n');
    const repeat = memoryIo(dir);
    expect(await runCli(['run', '.', '--repeat', 'often'], repeat)).toBe(2);
    expect(repeat.stderr.text).toContain(
      '--repeat: expected a whole number of at least 1 (got "often")',
    );
    const none = memoryIo(dir);
    expect(await runCli(['run', '.', '--filter', 'nothing'], none)).toBe(2);
    expect(none.stderr.text).toContain(
      'no scenario is left by the tag selection (--filter nothing); tags in use: smoke',
    );
    const missing = memoryIo(dir);
    expect(await runCli(['run', 'nope'], missing)).toBe(2);
    expect(missing.stderr.text).toContain('nope: no such file or folder');
  });

  it('refuses a --report folder it cannot write before running anything (exit 2)', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    await writeFile(path.join(dir, 'taken'), 'a file, not a folder');
    const io = memoryIo(dir);
    expect(await runCli(['run', 'multiply.yaml', '--report', 'taken/reports'], io)).toBe(2);
    expect(io.stderr.text).toBe(
      'nanorpc-hil: --report: cannot write the reports into taken/reports: a part of the path is a file, not a folder\n',
    );
    expect(io.stdout.text).toBe('');
  });

  it('shows a report folder outside the working directory as an absolute path', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    await mkdir(path.join(dir, 'sub'));
    const reports = path.join(dir, 'out');
    const io = memoryIo(path.join(dir, 'sub'));
    expect(await runCli(['run', '../multiply.yaml', '--report', reports], io)).toBe(0);
    expect(io.stdout.text).toContain(`reports: ${reports}/`);
    expect(io.stdout.text).not.toContain('../');
  });

  it('lists the selected scenarios', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    const io = memoryIo(dir);
    expect(await runCli(['run', '.', '--list'], io)).toBe(0);
    expect(io.stdout.text).toBe('multiply\tmultiply.yaml\tsmoke\n');
  });

  it('redraws a status line on a terminal', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    const io = memoryIo(dir, { tty: true });
    expect(await runCli(['run', '.', '--no-report'], io)).toBe(0);
    const lines = io.stdout.text.split('\r\u001b[2K');
    expect(
      lines.some((line) =>
        /^\[\u27130 \u27170 \d+s\] 0\/1 multiply > 2\. request \/calc\/multiply$/.test(line),
      ),
    ).toBe(true);
    expect(io.stdout.text).toMatch(/\u2713 multiply \(\d+ ms\)\n/);
  });

  it('shows done/total of each target on the status line, and plain lines with --no-progress', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    const io = memoryIo(dir, { tty: true });
    const args = ['run', '.', '--no-report', '--target', 'emulator', '--target', 'emulator-pty'];
    expect(await runCli(args, io)).toBe(0);
    expect(io.stdout.text).toMatch(
      /\[\u2713\d \u27170 \d+s\] emulator \d\/1[^|\n]* \| emulator-pty \d\/1/,
    );
    const plain = memoryIo(dir, { tty: true });
    expect(await runCli([...args, '--no-progress'], plain)).toBe(0);
    expect(plain.stdout.text).not.toContain('\r');
    expect(plain.stdout.text).toMatch(/^\[emulator-pty\] PASS multiply \(\d+ ms\)$/m);
  });

  it('exits 1, not 0, when the run was interrupted before its scenarios ran (SIGINT, SIGTERM)', async () => {
    await writeFile(path.join(dir, 'multiply.yaml'), PASSING);
    const io = memoryIo(dir);
    io.controller.abort();
    const status = await runCli(['run', 'multiply.yaml', '--no-report'], io);
    expect(io.stdout.text).toContain('SKIP multiply: not run: the run was interrupted');
    expect(status).toBe(1);
  });
});
