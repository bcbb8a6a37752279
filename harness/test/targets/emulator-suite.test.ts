import { expectPassedOrSkippedByTargets, runWholeSuite } from './suite-on-target.js';

/** A suite run takes seconds; generous for a loaded machine. */
const LONG = 120_000;

/**
 * The whole scenarios/ suite, nothing excluded, against the built-in emulator over loopback
 * TCP and over a pseudo-terminal through the real serial transport: what `npm start` runs.
 */
describe.each([
  // Scenarios limited to stream transports (`targets: [tcp, unix]`) skip on the pty only.
  ['emulator', false],
  ['emulator-pty', true],
])('the whole suite on the %s target', (target, maySkip) => {
  it(
    'passes every scenario that applies to the transport',
    async () => {
      const run = await runWholeSuite(target, []);
      expect(run.excluded).toEqual([]);
      expect(run.selected).toBeGreaterThanOrEqual(30);
      expectPassedOrSkippedByTargets(run);
      if (!maySkip) expect(run.outcome.report.totals.skipped).toBe(0);
    },
    LONG,
  );
});
