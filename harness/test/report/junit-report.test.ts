import { junitClassname, renderJunit } from '../../src/report/junit-report.js';
import { HOSTILE, sampleReport } from './sample-run.js';
import { childrenNamed, parseXml } from './xml-check.js';

describe('renderJunit', () => {
  const report = sampleReport();
  const xml = renderJunit(report);
  const root = parseXml(xml);
  const suites = childrenNamed(root, 'testsuite');
  const cases = suites.flatMap((suite) => childrenNamed(suite, 'testcase'));

  it('is well-formed XML shaped testsuites > testsuite > testcase', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(suites).toHaveLength(1);
    const suite = suites[0]!;
    for (const attribute of ['name', 'tests', 'failures', 'skipped', 'time', 'timestamp']) {
      expect(suite.attributes).toHaveProperty(attribute);
    }
    expect(suite.attributes).toMatchObject({
      tests: '6',
      failures: '1',
      skipped: '1',
      errors: '0',
      time: '4.400',
    });
    expect(suite.attributes['timestamp']).toBe(report.startedAt);
    expect(root.attributes).toMatchObject({ tests: '6', failures: '1' });
    expect(cases).toHaveLength(6);
    for (const testcase of cases) {
      expect(Object.keys(testcase.attributes)).toEqual(
        expect.arrayContaining(['name', 'classname', 'time']),
      );
    }
  });

  it('names repeated scenarios by iteration and takes classname from folder and file', () => {
    const names = cases.map((c) => c.attributes['name']);
    expect(names).toContain('ping answers');
    expect(names).toContain('multiply [iteration 1]');
    expect(names).toContain('multiply [iteration 2]');
    const multiply = cases.find((c) => c.attributes['name'] === 'multiply [iteration 2]');
    expect(multiply?.attributes['classname']).toBe('request.calc_multiply');
    expect(multiply?.attributes['time']).toBe('0.005');
  });

  it('escapes hostile names, messages and tags so they read back unchanged', () => {
    const failed = cases.find((c) => childrenNamed(c, 'failure').length > 0);
    expect(failed).toBeDefined();
    // XML cannot carry \u0001 or \u001b: they are shown as escapes, the rest is intact.
    const shown = HOSTILE.replace('\u0001', '\\x01').replace('\u001b', '\\x1b');
    expect(failed!.attributes['name']).toBe(shown);
    expect(failed!.attributes['classname']).toBe('subscribe.<bad>&');
    const failure = childrenNamed(failed!, 'failure')[0]!;
    expect(failure.attributes['message']).toBe(
      `expected STATUS_OK, got STATUS_INTERNAL_ERROR ${shown}`,
    );
    expect(failure.text).toContain('expected: {\n  "status": "STATUS_OK"\n}');
    expect(failure.text).toContain('"message": "handler <failed> & \\"stopped\\""');
    expect(failure.text).toContain('last frames:');
    expect(failure.text).toContain('RESPONSE #5 STATUS_INTERNAL_ERROR');
    const out = childrenNamed(failed!, 'system-out')[0]!.text;
    expect(out).toContain('tags: subscribe, <b>tag</b>');
    expect(out).toContain('[failed] step 1 request: request /test/fail');
    expect(out).toContain('[skipped] step 2 unsubscribe');
    expect(xml).not.toContain('<script>');
  });

  it('lists every step in system-out and marks the skipped scenario', () => {
    const ping = cases.find((c) => c.attributes['name'] === 'ping answers')!;
    const out = childrenNamed(ping, 'system-out')[0]!.text;
    expect(out).toContain('[passed] step 0 connect: connect');
    expect(out).toContain('[passed] step 1 ping: ping (0.7 ms, round trip 0.60 ms)');
    expect(childrenNamed(ping, 'failure')).toHaveLength(0);
    const skipped = cases.find((c) => c.attributes['name'] === 'needs a serial line')!;
    expect(childrenNamed(skipped, 'skipped')[0]?.attributes['message']).toBe(
      'target is not a serial line',
    );
  });

  it('derives classnames from the last folder and the file', () => {
    expect(junitClassname('scenarios/ping/basic.yaml')).toBe('ping.basic');
    expect(junitClassname('/abs/path/scenarios/errors/garbage.v2.yml')).toBe('errors.garbage_v2');
    expect(junitClassname('top.yaml')).toBe('top');
    expect(junitClassname('')).toBe('scenario');
  });
});

describe('parseXml (the test helper) rejects what CI parsers reject', () => {
  it.each([
    ['<a><b></a></b>'],
    ['<a x="1" x="2"/>'],
    ['<a>1 < 2</a>'],
    ['<a>fish & chips</a>'],
    ['<a x=1/>'],
    ['<a>\u0001</a>'],
    ['<a/><b/>'],
    ['<a>'],
  ])('%j', (xml) => {
    expect(() => parseXml(xml)).toThrow();
  });

  it('accepts and decodes entities', () => {
    expect(parseXml('<a t="&lt;&amp;&#39;">&gt;&#x41;</a>')).toMatchObject({
      attributes: { t: "<&'" },
      text: '>A',
    });
  });
});
