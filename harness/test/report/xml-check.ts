/*
 * A strict little XML 1.0 reader for the tests (the project adds no XML dependency): it throws
 * on anything not well-formed (unbalanced or crossed tags, unquoted or duplicate attributes,
 * a bare `<` or `&`, a character XML forbids, text outside the root) and returns the element
 * tree with entities decoded, so tests can check structure and escaping round trips.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Decoded text directly inside this element. */
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (FORBIDDEN.test(raw)) throw new Error(`forbidden character in ${where}`);
  let out = '';
  for (let i = 0; i < raw.length;) {
    const c = raw[i] as string;
    if (c === '<') throw new Error(`bare '<' in ${where}`);
    if (c !== '&') {
      out += c;
      i++;
      continue;
    }
    ENTITY.lastIndex = i;
    const m = ENTITY.exec(raw);
    if (!m) throw new Error(`bare '&' in ${where}: ${raw.slice(i, i + 12)}`);
    out += m[1]
      ? (NAMED[m[1]] as string)
      : String.fromCodePoint(parseInt(m[2] ?? m[3] ?? '', m[2] ? 10 : 16));
    i = ENTITY.lastIndex;
  }
  return out;
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
    const parent = stack[stack.length - 1];
    if (parent) parent.text += decode(text, `text of <${parent.name}>`);
    else if (text.trim() !== '') throw new Error(`text outside the root: ${text.slice(0, 20)}`);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0 || !parent) throw new Error('bad CDATA');
      parent.text += xml.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      const name = m?.[0] ?? '';
      const open = stack.pop();
      if (!open || open.name !== name)
        throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      i += 2 + name.length;
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml[i] !== '>') throw new Error(`bad end tag </${name}>`);
      i++;
      continue;
    }
    const m = NAME.exec(xml.slice(i + 1));
    if (!m) throw new Error(`bad tag at ${i}: ${xml.slice(i, i + 20)}`);
    const element: XmlElement = { name: m[0], attributes: {}, children: [], text: '' };
    i += 1 + m[0].length;
    for (;;) {
      const space = /^\s*/.exec(xml.slice(i))?.[0].length ?? 0;
      i += space;
      if (xml.startsWith('/>', i) || xml[i] === '>') break;
      if (space === 0) throw new Error(`missing space before attribute in <${element.name}>`);
      const attr = /^([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(["'])/.exec(xml.slice(i));
      if (!attr) throw new Error(`bad attribute in <${element.name}>: ${xml.slice(i, i + 20)}`);
      const [whole, attrName = '', quote = '"'] = attr;
      const end = xml.indexOf(quote, i + whole.length);
      if (end < 0) throw new Error(`unterminated attribute ${attrName}`);
      if (attrName in element.attributes) throw new Error(`duplicate attribute ${attrName}`);
      element.attributes[attrName] = decode(
        xml.slice(i + whole.length, end),
        `attribute ${attrName}`,
      );
      i = end + 1;
    }
    const selfClosing = xml.startsWith('/>', i);
    i += selfClosing ? 2 : 1;
    if (parent) parent.children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]?.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Children named `name`. */
export const childrenNamed = (element: XmlElement, name: string): XmlElement[] =>
  element.children.filter((child) => child.name === name);
