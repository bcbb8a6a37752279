import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { writeReports } from '../../src/report/write-reports.js';
import { sampleReport, sampleTrace } from './sample-run.js';

/*
 * Renders report.html in a real browser (Debian's headless Chromium) with networking off, and
 * checks what the browser built: the scenarios, the charts and their arrows. Set
 * KEEP_REPORT_SCREENSHOT=<path> to keep a screenshot for a look by eye.
 */

const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `${CHROMIUM} is absent: skipping the headless-browser test of report.html (CI installs chromium)`,
  );
}
const maybe = available ? describe : describe.skip;

maybe('report.html in headless Chromium', () => {
  let dir: string;
  let html: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nanorpc-html-'));
    const trace = sampleTrace();
    html = (await writeReports(join(dir, 'report'), sampleReport(trace), trace)).html;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function chromium(...args: string[]): Promise<string> {
    const profile = await mkdtemp(join(dir, 'profile-'));
    const { stdout } = await run(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        ...args,
        pathToFileURL(html).href,
      ],
      { timeout: 90_000, maxBuffer: 32 * 1024 * 1024 },
    );
    return stdout;
  }

  it('builds a DOM with every scenario and a sequence chart of SVG arrows', async () => {
    const dom = await chromium('--dump-dom');
    expect(dom.match(/<details class="scenario /g)).toHaveLength(6);
    expect(dom.match(/<svg [^>]*class="msc"/g)).toHaveLength(5);
    expect(dom.match(/<g class="msc-arrow /g)).toHaveLength(sampleTrace().length);
    expect(dom).toContain('REQUEST #3 /calc/multiply');
    expect(dom).toContain('RESPONSE #5 STATUS_INTERNAL_ERROR');
    expect(dom).not.toContain('<script>alert');
    // the failed scenario is open, the rest closed
    expect(dom.match(/<details class="scenario failed" id="scenario-3" open="">/g)).toHaveLength(1);
  }, 120_000);

  it('renders to a screenshot', async () => {
    const png = process.env['KEEP_REPORT_SCREENSHOT'] ?? join(dir, 'report.png');
    await chromium(`--screenshot=${png}`, '--window-size=1200,2000', '--hide-scrollbars');
    const header = (await readFile(png)).subarray(0, 8);
    expect(header.toString('hex')).toBe('89504e470d0a1a0a');
    expect((await stat(png)).size).toBeGreaterThan(10_000);
  }, 120_000);
});
