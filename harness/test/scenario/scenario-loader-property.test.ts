import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseScenario } from '../../src/scenario/scenario-loader.js';
import { ScenarioFileError } from '../../src/scenario/scenario-file-error.js';
import { REPO_ROOT } from '../support/scenario-on-target.js';

/*
 * Trust boundary (docs/security.md): whatever a scenario file holds, the loader either returns
 * a plan or throws ScenarioFileError (the run exits 2) whose every line is located as
 * file:line:column (or the file alone) — never another error, never a stack trace.
 */

const LOCATED = /^scenarios\/random\.(yaml|json)(:\d+:\d+)?: \S/;

function loadOutcome(text: string, file: string): 'plan' | 'file-error' {
  try {
    parseScenario(text, file, `${REPO_ROOT}scenarios`);
    return 'plan';
  } catch (error) {
    if (!(error instanceof ScenarioFileError)) throw error;
    for (const line of error.message.split('\n')) {
      if (line.startsWith('... and ')) continue;
      expect(line).toMatch(LOCATED);
      expect(line).not.toMatch(/\n\s+at /);
    }
    return 'file-error';
  }
}

/** Values shaped like scenario files: known keys and step kinds with random contents. */
const stepKind = fc.constantFrom(
  'ping',
  'request',
  'subscribe',
  'send-raw',
  'repeat',
  'set',
  'wait',
  'reboot',
  'bogus',
);
const scenarioLike = fc.record(
  {
    name: fc.oneof(fc.string(), fc.jsonValue()),
    tags: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
    proto: fc.oneof(fc.constant('demo_device.proto'), fc.string()),
    timeout: fc.oneof(fc.string(), fc.integer()),
    steps: fc.array(fc.dictionary(stepKind, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 2 }), {
      maxLength: 4,
    }),
  },
  { requiredKeys: [] },
);

describe('parseScenario never crashes on random input', () => {
  test('property: random text as YAML and as JSON', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        loadOutcome(text, 'scenarios/random.yaml');
        loadOutcome(text, 'scenarios/random.json');
      }),
      { numRuns: 500 },
    );
  });

  test('property: random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        loadOutcome(JSON.stringify(value), 'scenarios/random.json');
      }),
      { numRuns: 300 },
    );
  });

  test('property: scenario-shaped YAML with random contents', () => {
    fc.assert(
      fc.property(scenarioLike, (value) => {
        loadOutcome(stringify(value), 'scenarios/random.yaml');
      }),
      { numRuns: 300 },
    );
  });

  test('a YAML alias bomb is refused with a located message', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    expect(loadOutcome(bomb, 'scenarios/random.yaml')).toBe('file-error');
  });
});
