import fc from 'fast-check';
import { toJsonSafe, formatValue } from '../../src/report/json-safe.js';
import { escapeHtml, escapeXml } from '../../src/report/markup-escape.js';
import { parseXml } from './xml-check.js';

describe('escapeXml / escapeHtml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(escapeHtml('</script><script>')).toBe('&lt;/script&gt;&lt;script&gt;');
  });

  it('shows characters XML forbids instead of emitting them', () => {
    expect(escapeXml('a\u0000b\u0007c\u001bd\ufffe')).toBe('a\\x00b\\x07c\\x1bd\\ufffe');
    expect(escapeXml('tab\tnl\ncr\r')).toBe('tab\tnl\ncr\r');
    expect(escapeXml('lone \ud800 high, lone \udc00 low')).toBe(
      'lone \\ud800 high, lone \\udc00 low',
    );
    expect(escapeXml('pair \ud83d\ude00')).toBe('pair \ud83d\ude00');
  });

  it('always yields text and attribute values a strict XML reader accepts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeXml(text);
        const root = parseXml(`<r a="${escaped}">${escaped}</r>`);
        expect(root.attributes['a']).toBe(root.text);
        expect(escaped).not.toMatch(/[<>"']/);
      }),
    );
  });

  it('round-trips text without forbidden characters exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        // eslint-disable-next-line no-control-regex
        fc.pre(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text));
        expect(parseXml(`<r>${escapeXml(text)}</r>`).text).toBe(text);
      }),
    );
  });
});

describe('toJsonSafe / formatValue', () => {
  it('renders bigints, bytes, errors, maps and cycles without throwing', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    const error = Object.assign(new Error('boom'), { code: 'ERR_X' });
    expect(
      toJsonSafe({
        big: 2n ** 63n,
        bytes: Uint8Array.of(0, 255),
        buffer: Buffer.from('hi'),
        error,
        map: new Map([[1, 'a']]),
        cyclic,
        gone: undefined,
        list: [1n, 'x'],
      }),
    ).toEqual({
      big: '9223372036854775808',
      bytes: { hex: '00ff' },
      buffer: { hex: '6869' },
      error: { name: 'Error', message: 'boom', code: 'ERR_X' },
      map: { '1': 'a' },
      cyclic: { name: 'loop', self: '[circular]' },
      list: ['1', 'x'],
    });
  });

  it('keeps shared (non-cyclic) objects', () => {
    const shared = { a: 1 };
    expect(toJsonSafe([shared, shared])).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it('formats as JSON, with nothing for undefined', () => {
    expect(formatValue(undefined)).toBe('');
    expect(formatValue('STATUS_OK')).toBe('"STATUS_OK"');
    expect(formatValue({ product: 42n })).toBe('{\n  "product": "42"\n}');
  });
});
