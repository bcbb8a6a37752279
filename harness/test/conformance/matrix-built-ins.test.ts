import { jest } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SCRIPTED_ROW } from '../../src/conformance/conformance-matrix.js';
import {
  cellOf,
  junitFiles,
  namesWith,
  requireGoReference,
  runConformance,
} from './conformance-support.js';

jest.setTimeout(180_000);

describe('conformance matrix, built-in peers', () => {
  it('emulator x harness: every case OK, the client suite all OK, reports written', async () => {
    const run = await runConformance([
      '--server',
      'emulator',
      '--client',
      'harness',
      '--scenarios',
      'scenarios/ping',
    ]);
    expect(run.status).toBe(0);
    const device = cellOf(run, 'emulator', 'harness');
    // 5 profile cases + the 5 ping scenarios, all OK against the harness's own server.
    expect(device.cases).toHaveLength(10);
    expect(device.counts).toEqual({ OK: 10, 'NON-STRICT': 0, FAILED: 0, UNSUPPORTED: 0 });
    const suite = cellOf(run, SCRIPTED_ROW, 'harness');
    expect(suite.counts.UNSUPPORTED).toBe(0);
    // The harness client follows every rule the client suite checks.
    expect(namesWith(suite, 'FAILED')).toEqual([]);
    expect(suite.counts['NON-STRICT']).toBe(0);
    expect(suite.counts.OK).toBe(suite.cases.length);
    expect(suite.cases.length).toBeGreaterThanOrEqual(17);

    const html = await readFile(path.join(run.dir, 'conformance.html'), 'utf8');
    expect(html).toContain('<th>emulator</th>');
    expect(html).toContain('href="#cell-emulator--harness"');
    expect(html).toContain('REQUEST #'); // frames of the scripted cases, labelled
    expect(await junitFiles(run)).toEqual([
      'emulator__harness.xml',
      'scripted_client_suite__harness.xml',
    ]);
    const junit = await readFile(path.join(run.dir, 'junit', 'emulator__harness.xml'), 'utf8');
    expect(junit).toContain('tests="10" failures="0"');
    expect(run.stdout).toMatch(/emulator\s+\| 10 ok/);
  });

  it('go-reference x go-reference: the reference client findings C2, C3, C5 are FAILED', async () => {
    if (!requireGoReference()) return;
    const run = await runConformance(['--server', 'go-reference', '--client', 'go-reference']);
    const cell = cellOf(run, 'go-reference', 'go-reference');
    expect(cell.cases).toHaveLength(5);
    // C2: the unsubscribe call never gets its ack.
    expect(namesWith(cell, 'FAILED')).toEqual(['profile subscribe, publish, unsubscribe']);
    expect(cell.counts.OK).toBe(4);
    const suite = cellOf(run, SCRIPTED_ROW, 'go-reference');
    const failed = namesWith(suite, 'FAILED');
    expect(failed).toEqual(
      expect.arrayContaining([
        'unsubscribe ack told apart from the subscribe ack', // C2
        'updates after the unsubscribe request', // C2: the subscription keeps taking frames
        'server drops the link mid-call', // C3
        'idle link keep-alive', // C5
      ]),
    );
    // The framing points are latitude (non-strict), and nothing is left unjudged.
    expect(namesWith(suite, 'NON-STRICT')).toEqual(
      expect.arrayContaining([
        'malformed length prefix from the server',
        'oversized frame from the server',
      ]),
    );
    expect(suite.counts.UNSUPPORTED).toBe(0);
    expect(namesWith(suite, 'OK')).toEqual(
      expect.arrayContaining(['ping', 'request by hash', 'answers out of order']),
    );
    expect(await junitFiles(run)).toEqual([
      'go-reference__go-reference.xml',
      'scripted_client_suite__go-reference.xml',
    ]);
  });
});
