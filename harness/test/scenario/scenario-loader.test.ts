import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScenarioFileError } from '../../src/scenario/scenario-file-error.js';
import { loadScenarioFile, parseScenario } from '../../src/scenario/scenario-loader.js';
import { filterByTags, loadScenarioSet } from '../../src/scenario/scenario-set.js';

function parse(text: string, file = 'scenario.yaml') {
  return parseScenario(text, file, '/tmp');
}

function failure(text: string, file = 'bad.yaml'): ScenarioFileError {
  try {
    parse(text, file);
  } catch (error) {
    if (error instanceof ScenarioFileError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioFileError');
}

describe('scenario loader', () => {
  it('loads a good YAML scenario into a plan', () => {
    const plan = parse(`
name: echo
tags: [smoke, request]
proto: demo_device.proto
timeout: 30s
stepTimeout: 500ms
steps:
  - ping:
  - title: echo bytes
    request:
      path: /echo
      data: { hex: "01 02" }
      expect: { data: { hex: "0102" }, within: 1s }
  - repeat:
      times: 2
      as: i
      steps:
        - wait: 10ms
        - disconnect:
`);
    expect(plan.name).toBe('echo');
    expect(plan.tags).toEqual(['smoke', 'request']);
    expect(plan.role).toBe('device-under-test');
    expect(plan.protoFiles).toEqual(['demo_device.proto']);
    expect(plan.timeoutMs).toBe(30_000);
    expect(plan.stepTimeoutMs).toBe(500);
    expect(plan.client.autoConnect).toBe(true);
    expect(plan.steps.map((step) => step.kind)).toEqual(['ping', 'request', 'repeat']);
    expect(plan.steps[0]?.spec).toEqual({});
    expect(plan.steps[1]).toMatchObject({ title: 'echo bytes', line: 9, label: '2' });
    const repeat = plan.steps[2];
    if (repeat?.kind !== 'repeat') throw new Error('expected a repeat step');
    expect(repeat.spec.times).toBe(2);
    expect(repeat.spec.steps.map((step) => [step.kind, step.label, step.line])).toEqual([
      ['wait', '3.1', 18],
      ['disconnect', '3.2', 19],
    ]);
  });

  it('loads the same scenario written as JSON', () => {
    const plan = parse(
      JSON.stringify({ name: 'json', steps: [{ ping: { within: 100 } }, { wait: '1s' }] }, null, 2),
      'x.json',
    );
    expect(plan.steps.map((step) => step.kind)).toEqual(['ping', 'wait']);
  });

  it('names file, line and column of malformed YAML', () => {
    const error = failure('name: x\nsteps:\n  - ping: {\n', 'broken.yaml');
    expect(error.code).toBe('ERR_SCENARIO_FILE');
    expect(error.message).toMatch(/^broken\.yaml:\d+:\d+: invalid YAML: /);
  });

  it('reports a duplicate key with its line', () => {
    const error = failure('name: x\nname: y\nsteps:\n  - ping:\n');
    expect(error.first.line).toBe(2);
    expect(error.message).toContain('bad.yaml:2:');
  });

  it('names the line and field of a wrong value deep in a step', () => {
    const error = failure(`name: x
steps:
  - ping:
  - request:
      path: /echo
      expect:
        status: FINE
`);
    expect(error.first).toMatchObject({ line: 7, field: 'steps[1].request.expect.status' });
    expect(error.message).toMatch(
      /^bad\.yaml:7:17: steps\[1\]\.request\.expect\.status: Invalid option/,
    );
  });

  it('names an unknown key at its own line', () => {
    const error = failure(`name: x
steps:
  - request:
      pth: /echo
`);
    const fields = error.issues.map((issue) => `${issue.line} ${issue.field}: ${issue.message}`);
    expect(fields).toContain('4 steps[0].request.pth: unknown key "pth"');
    expect(fields).toContain('4 steps[0].request: needs one of path, hash');
  });

  it('says a step needs exactly one step key', () => {
    const error = failure(`name: x
steps:
  - title: nothing here
`);
    expect(error.first.line).toBe(3);
    expect(error.first.message).toContain('a step needs exactly one step key');
    const typo = failure('name: x\nsteps:\n  - pign:\n');
    expect(typo.first.message).toContain('found pign (did you mean ping?)');
    const both = failure('name: x\nsteps:\n  - ping:\n    wait: 1s\n');
    expect(both.first.message).toContain('found ping, wait');
  });

  it('reports a missing required field at the enclosing object', () => {
    const error = failure('name: x\nsteps:\n  - expect-updates:\n      within: 1s\n');
    expect(error.first).toMatchObject({ line: 4, field: 'steps[0].expect-updates.count' });
    expect(error.first.message).toContain('required');
  });

  it('explains a duration in the wrong form', () => {
    const error = failure('name: x\nsteps:\n  - wait: 2 seconds\n');
    expect(error.first).toMatchObject({ line: 3, field: 'steps[0].wait' });
    expect(error.first.message).toContain('duration');
    const typed = failure('name: x\nsteps:\n  - wait: true\n');
    expect(typed.first.message).toBe('expected number or string, received boolean');
  });

  it('checks payloads take exactly one form', () => {
    const error = failure(`name: x
steps:
  - request:
      path: /echo
      data: { hex: "01", utf8: "a" }
`);
    expect(error.first).toMatchObject({ line: 5, field: 'steps[0].request.data' });
    expect(error.first.message).toContain('only one of hex, utf8, json');
  });

  it('encodes typed payloads at load time, naming the line and field of the bad value', () => {
    const error = failure(`name: x
proto: demo_device.proto
steps:
  - request:
      path: /calc/multiply
      data:
        json:
          a: six
          b: 7
`);
    expect(error.issues).toHaveLength(1);
    expect(error.message).toBe(
      'bad.yaml:8:14: steps[0].request.data.json.a: expected an integer for int32 ' +
        '(demo.MultiplyRequest)',
    );
  });

  it('refuses unknown fields and out-of-range numbers in every step that sends a payload', () => {
    const error = failure(`name: x
proto: demo_device.proto
steps:
  - subscribe: { path: /sensors/temp, filter: { json: { bogus: 1 } } }
  - repeat:
      times: 2
      steps:
        - request:
            path: /echo
            data: { type: demo.MultiplyRequest, json: { a: 4294967296 } }
  - send-raw:
      request: { requestId: 1, type: REQUEST, path: /calc/multiply, data: { json: { b: 1.5 } } }
  - request: { hash: 0x1234abcd, data: { json: { a: 1 } } }
`);
    expect(error.issues.map((issue) => [issue.line, issue.field])).toEqual([
      [4, 'steps[0].subscribe.filter.json.bogus'],
      [10, 'steps[1].repeat.steps[0].request.data.json.a'],
      [12, 'steps[2].send-raw.request.data.json.b'],
      [13, 'steps[3].request.data'],
    ]);
    expect(error.issues[0]?.message).toBe(
      'no field "bogus" in .demo.TempFilter (fields: minMilliCelsius)',
    );
    expect(error.issues[1]?.message).toContain('4294967296 is out of range for int32');
    expect(error.issues[3]?.message).toContain('no message type for this data');
  });

  it('checks client-under-test payloads against the response type of the path', () => {
    const error = failure(`name: x
role: client-under-test
proto: demo_device.proto
steps:
  - serve: { path: /calc/multiply, data: { json: { product: 42, extra: 1 } } }
  - publish: { path: /sensors/temp, data: { json: { milli_celsius: hot } } }
`);
    expect(error.issues.map((issue) => issue.field)).toEqual([
      'steps[0].serve.data.json.extra',
      'steps[1].publish.data.json.milli_celsius',
    ]);
  });

  it('leaves payloads holding a ${variable} to run time, and accepts good ones', () => {
    const plan = parse(`name: x
proto: demo_device.proto
variables: { six: 6 }
steps:
  - request: { path: /calc/multiply, data: { json: { a: "\${six}", b: 7 } } }
  - request: { path: /calc/multiply, data: { json: { a: "6", b: -7 } } }
  - request: { path: "\${where}", data: { json: { anything: 1 } } }
  - request: { path: /echo, data: { type: "\${type}", json: { anything: 1 } } }
`);
    expect(plan.steps).toHaveLength(4);
  });

  it('finds errors inside repeat blocks', () => {
    const error = failure(`name: x
steps:
  - repeat:
      times: 2
      steps:
        - ping: { within: soon }
`);
    expect(error.first).toMatchObject({ line: 6, field: 'steps[0].repeat.steps[0].ping.within' });
  });

  it('refuses steps of the other role', () => {
    const error = failure(`name: x
steps:
  - serve: { path: /a }
`);
    expect(error.first).toMatchObject({ line: 3, field: 'steps[0].serve' });
    expect(error.first.message).toContain('needs role client-under-test');
  });

  it('refuses an expect-response without an earlier async request', () => {
    const error = failure(`name: x
steps:
  - expect-response: { request: nope }
`);
    expect(error.first.field).toBe('steps[0].expect-response.request');
  });

  it('refuses a regular expression that does not compile', () => {
    const error = failure(`name: x
steps:
  - request:
      path: /echo
      expect: { message: { pattern: "(" } }
`);
    expect(error.first).toMatchObject({
      line: 5,
      field: 'steps[0].request.expect.message.pattern',
    });
  });

  it('refuses an empty file and a file that is not an object, saying what a scenario is', () => {
    expect(failure('').first).toMatchObject({
      line: 1,
      message: 'the file is empty: a scenario is a mapping with at least name and steps',
    });
    expect(failure('# only a comment\n').first.message).toMatch(/^the file is empty/);
    const list = failure('- ping: {}\n- ping: {}\n').first;
    expect(list.line).toBe(1);
    expect(list.message).toBe(
      'the file holds a list: a scenario is a mapping with at least name and steps (steps go under steps:)',
    );
    expect(failure('just some text\n').first.message).toBe(
      'the file holds a single string: a scenario is a mapping with at least name and steps',
    );
  });

  describe('files and folders', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-scenarios-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('finds scenario files in folders, skipping schemas and _files', async () => {
      await mkdir(path.join(dir, 'sub'));
      await writeFile(path.join(dir, 'b.yaml'), 'name: b\ntags: [slow]\nsteps: [{ ping: null }]\n');
      await writeFile(
        path.join(dir, 'sub', 'a.yml'),
        'name: a\ntags: [fast]\nsteps: [{ ping: null }]\n',
      );
      await writeFile(path.join(dir, 'c.json'), '{"name":"c","steps":[{"wait":1}]}');
      await writeFile(path.join(dir, 'scenario.schema.json'), '{}');
      await writeFile(path.join(dir, '_draft.yaml'), 'not: valid');
      await writeFile(path.join(dir, 'notes.txt'), 'x');
      const plans = await loadScenarioSet(['.'], dir);
      expect(plans.map((plan) => plan.name)).toEqual(['b', 'c', 'a']);
      expect(plans[2]?.file).toBe('sub/a.yml');
      expect(filterByTags(plans, ['fast']).map((plan) => plan.name)).toEqual(['a']);
    });

    it('collects the problems of every file, and duplicate names', async () => {
      await writeFile(path.join(dir, 'one.yaml'), 'name: same\nsteps: [{ ping: null }]\n');
      await writeFile(path.join(dir, 'two.yaml'), 'name: same\nsteps: [{ ping: null }]\n');
      await writeFile(path.join(dir, 'three.yaml'), 'name: bad\nsteps: []\n');
      const error = await loadScenarioSet([dir], '/').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ScenarioFileError);
      const message = (error as ScenarioFileError).message;
      expect(message).toContain('three.yaml:2:');
      expect(message).toMatch(/two\.yaml:1:1: name: "same" is also the name of .*one\.yaml/);
    });

    it('refuses a file named on the command line that is not a scenario file', async () => {
      await writeFile(path.join(dir, 'notes.txt'), 'name: x\nsteps: [{ ping: null }]\n');
      await expect(loadScenarioSet(['notes.txt'], dir)).rejects.toThrow(
        'notes.txt: not a scenario file: scenario files end in .yaml, .yml or .json',
      );
    });

    it('says when a file does not exist', async () => {
      await expect(loadScenarioFile('missing.yaml', dir)).rejects.toThrow(
        /missing\.yaml: cannot read/,
      );
      await expect(loadScenarioSet(['nope'], dir)).rejects.toThrow('nope: no such file or folder');
    });
  });
});
