import { renderHtml } from '../../src/report/html-report.js';
import { renderSequenceChart } from '../../src/report/sequence-chart.js';
import { HOSTILE, sampleReport, sampleTrace } from './sample-run.js';
import { parseXml } from './xml-check.js';

describe('renderHtml', () => {
  const trace = sampleTrace();
  const report = sampleReport(trace);
  const html = renderHtml(report, trace);

  it('is one self-contained page: no external scripts, styles, images or fonts', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/url\((?!#)/i);
    expect(html).not.toMatch(/@import/i);
    // The only absolute URL is the SVG namespace.
    expect([...new Set(html.match(/https?:\/\/[^\s"'<]+/g))]).toEqual([
      'http://www.w3.org/2000/svg',
    ]);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('never lets user-provided text through unescaped', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>tag</b>');
    expect(html).not.toContain('<bad>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;tag&lt;/b&gt;');
    expect(html).toContain('emulator &lt;built-in&gt;');
    expect(html).toContain('handler &lt;failed&gt; &amp; \\&quot;stopped\\&quot;');
    expect(HOSTILE).toContain('<script>');
  });

  it('shows the summary, every scenario with its steps, and opens the failed one', () => {
    expect(html).toContain('4 passed, 1 failed, 1 skipped of 6');
    expect(html).toContain('tcp://127.0.0.1:4000');
    expect(html.match(/<details class="scenario /g)).toHaveLength(6);
    expect(html.match(/<details class="scenario failed" id="scenario-3" open>/g)).toHaveLength(1);
    expect(html.match(/<details [^>]*open>/g)).toHaveLength(1);
    expect(html).toContain('multiply #1');
    expect(html).toContain('multiply #2');
    expect(html).toContain('Failed at step 1');
    expect(html).toContain('&quot;product&quot;: &quot;42&quot;'); // the bigint expected value
    expect(html).toContain('&quot;hex&quot;: &quot;0102ab&quot;'); // the bytes received
    expect(html).toContain('No frames were traced for this scenario.');
    expect(html).toContain('target is not a serial line');
  });

  it('has a latency table per kind and path', () => {
    const table = /<table id="latency-table">.*?<\/table>/s.exec(html)?.[0] ?? '';
    expect(table).toContain('/calc/multiply');
    expect(table).toContain(
      '<td class="num">2</td><td class="num">2.00 ms</td><td class="num">2.00 ms</td><td class="num">4.00 ms</td><td class="num">4.00 ms</td>',
    );
  });

  it('draws one chart per traced scenario with an arrow per frame', () => {
    const charts = html.match(/<svg [^>]*class="msc"/g) ?? [];
    expect(charts).toHaveLength(5);
    expect(html.match(/class="msc-arrow /g)).toHaveLength(trace.length);
    expect(html).toContain('>REQUEST #3 /calc/multiply</text>');
    expect(html).toContain('>RESPONSE #5 STATUS_INTERNAL_ERROR</text>');
    expect(html).toContain('>UPDATE #4</text>');
    expect(html).toContain('class="msc-arrow msc-raw"');
    expect(html).toContain('class="msc-arrow msc-error"');
    expect(html).toContain('class="msc-arrow msc-undecoded"');
    // marker ids are unique in the page
    const ids = (html.match(/ id="[^"]+"/g) ?? []).map((s) => s);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('renderSequenceChart', () => {
  const trace = sampleTrace();
  const reboot = trace.filter((r) => r.scenario === 'reboot drops the link');

  it('is well-formed SVG with a harness and a device lifeline, and a rule per link', () => {
    const svg = renderSequenceChart(reboot, { idPrefix: 'x', deviceName: 'emu' });
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    const heads = root.children.filter(
      (c) => c.name === 'g' && (c.attributes['class'] ?? '').startsWith('msc-head'),
    );
    expect(heads.map((h) => h.attributes['class'])).toEqual([
      'msc-head msc-head-harness',
      'msc-head msc-head-device',
    ]);
    expect(heads[0]!.children.map((c) => c.text)).toContain('2 links');
    expect(root.children.filter((c) => c.attributes['class'] === 'msc-lifeline')).toHaveLength(2);
    // the traffic moves from client#2 to client#3: one rule for each, in that order
    const rules = root.children.filter((c) => c.attributes['class'] === 'msc-link');
    expect(rules.map((r) => r.children.find((c) => c.name === 'text')?.text)).toEqual([
      'link client#2 tcp://127.0.0.1:4000',
      'link client#3 tcp://127.0.0.1:4000',
    ]);
    const arrows = root.children.filter((c) =>
      (c.attributes['class'] ?? '').startsWith('msc-arrow'),
    );
    expect(arrows).toHaveLength(reboot.length);
    // tx arrows point at the device lifeline (the rightmost), rx arrows away from it
    const deviceX = Math.max(
      ...root.children
        .filter((c) => c.attributes['class'] === 'msc-lifeline')
        .map((l) => Number(l.attributes['x1'])),
    );
    for (const arrow of arrows) {
      const line = arrow.children.find((c) => c.name === 'line')!;
      const to = Number(line.attributes['x2']);
      expect(to === deviceX).toBe(arrow.attributes['data-direction'] === 'tx');
    }
    const times = root.children
      .filter((c) => c.attributes['class'] === 'msc-time')
      .map((t) => t.text);
    expect(times[0]).toBe('+0.0 ms');
    expect(times[times.length - 1]).toBe('+201.0 ms');
  });

  it('labels a hand-built raw frame with what it reads as, and noise as bytes only', () => {
    const svg = renderSequenceChart(trace, { idPrefix: 'r', deviceName: 'emu' });
    expect(svg).toContain('>RAW 6 B</text>');
    const root = parseXml(
      renderSequenceChart([{ ...reboot[0]!, kind: 'raw', decoded: undefined, hex: '0408071001' }], {
        idPrefix: 'r2',
        deviceName: 'emu',
      }),
    );
    const labels = root.children
      .flatMap((c) => c.children)
      .filter((c) => c.attributes['class'] === 'msc-label');
    expect(labels.map((l) => l.text)).toEqual(['RAW 5 B = PING #7']);
  });

  it('caps the number of arrows and says how many are left out', () => {
    const svg = renderSequenceChart(trace, { idPrefix: 'y', deviceName: 'emu', maxArrows: 4 });
    expect(svg.match(/class="msc-arrow /g)).toHaveLength(4);
    expect(svg).toContain(`… ${trace.length - 4} more frame(s), see trace.jsonl`);
  });

  it('shows times from the scenario start but never negative ones', () => {
    const first = reboot[0]!.time;
    const later = renderSequenceChart(reboot, {
      idPrefix: 'z',
      deviceName: 'emu',
      startTime: first - 1500,
    });
    expect(later).toContain('>+1.500 s</text>');
    const early = renderSequenceChart(reboot, {
      idPrefix: 'z',
      deviceName: 'emu',
      startTime: first + 5,
    });
    expect(early).toContain('>+0.0 ms</text>');
    expect(early).not.toContain('−');
  });
});
