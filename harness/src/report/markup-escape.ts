/*
 * Escaping for the two markup reports. Every string that came from a scenario file, a device or
 * a trace goes through one of these before it lands in junit.xml or report.html.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Characters XML 1.0 forbids outright (C0 controls but tab, LF and CR; lone surrogates; U+FFFE
 * and U+FFFF). A device's message can hold any bytes, and one such character makes the whole
 * junit.xml unreadable, so they are shown as `\xNN` / `\uNNNN` instead.
 */
const XML_FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function showCodeUnit(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text or attribute value for XML 1.0: markup characters escaped, forbidden characters shown. */
export function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN, showCodeUnit).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Text or attribute value for HTML (and SVG inside HTML). */
export function escapeHtml(text: string): string {
  return escapeXml(text);
}
