import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { verdictOf } from '../../src/conformance/case-verdict.js';
import { loadClientCases } from '../../src/conformance/client-case-loader.js';
import { REPO } from './conformance-support.js';

const check = (strict: boolean, passed: boolean) => ({
  rule: 'docs/protocol.md: Subscriptions',
  strict,
  says: 'x',
  passed,
});

describe('case verdicts', () => {
  it('strict failure over unsupported over non-strict over OK', () => {
    expect(verdictOf([check(true, true)], undefined)).toEqual({ verdict: 'OK' });
    expect(verdictOf([check(false, false)], undefined).verdict).toBe('NON-STRICT');
    expect(
      verdictOf([check(false, false)], { kind: 'unsupported', message: 'no reconnect' }),
    ).toEqual({
      verdict: 'UNSUPPORTED',
      reason: 'no reconnect',
    });
    expect(verdictOf([check(true, false)], { kind: 'unsupported', message: 'm' }).verdict).toBe(
      'FAILED',
    );
    expect(verdictOf([], { kind: 'failed', message: 'driver died' })).toEqual({
      verdict: 'FAILED',
      reason: 'driver died',
    });
  });
});

describe('the client suite in scenarios/client', () => {
  it('loads, and every case cites the rule of docs/protocol.md it checks', async () => {
    const cases = await loadClientCases('scenarios/client', REPO);
    expect(cases.length).toBeGreaterThanOrEqual(22);
    for (const { spec } of cases) {
      expect(spec.rule).toMatch(/^protocol\.md: /);
      expect(spec.description).toMatch(/protocol\.md: \w/);
    }
    expect(new Set(cases.map((c) => c.spec.name)).size).toBe(cases.length);
  });

  it('refuses a case with a check of two kinds, naming the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-case-'));
    await writeFile(
      path.join(dir, 'bad.case'),
      `name: bad\nrule: "docs/protocol.md: Exchanges"\ndescription: d\nserver: scripted\nsteps:\n` +
        `  - check: { rule: r, says: s, pings: { min: 1 }, connections: { max: 1 } }\n`,
    );
    await expect(loadClientCases(dir, dir)).rejects.toThrow(/bad\.case: .*exactly one of/s);
  });
});
