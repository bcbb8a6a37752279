import { runCliWithReports } from '../targets/suite-on-target.js';

const LONG = 240_000;

/*
 * The acceptance run: the whole suite on the firmware under QEMU and on the host build
 * at once, no --exclude. Large-frame and stream-only scenarios skip with their reasons.
 */
describe('run --target qemu --target firmware-host', () => {
  it(
    'passes the whole suite on both at once, skipping by requires: with the reason',
    async () => {
      const { status, stdout, stderr } = await runCliWithReports([
        'run',
        '--target',
        'qemu',
        '--target',
        'firmware-host',
        '--no-progress',
      ]);
      const failures = stdout.split('\n').filter((line) => / FAIL /.test(` ${line}`));
      expect({ status, stderr, failures }).toEqual({ status: 0, stderr: '', failures: [] });
      const large =
        'SKIP echo of 1 KiB and 8 KiB payloads: requires maxFrameSize >= 8300; the device has 256 (from /sys/info)';
      expect(stdout).toContain(`[qemu] ${large}`);
      expect(stdout).toContain(`[firmware-host] ${large}`);
      expect(stdout).toMatch(
        /^\[qemu\] SKIP .*: requires transport stream; target qemu is serial/m,
      );
      expect(stdout).not.toMatch(/^\[firmware-host\] SKIP .*requires transport/m);
      expect(stdout).toMatch(/^\d+ passed, 0 failed, \d+ skipped \((\d+) of \1\)/m);
    },
    LONG,
  );
});
