/**
 * Places in .proto text. protobufjs keeps no line numbers for services, methods or imports, so
 * messages that name a line find it by scanning the text, with comments blanked out first (a
 * commented-out `rpc Foo` must not be found) and every newline kept (so offsets give lines).
 */

const TOKEN = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

/** The text with each comment replaced by spaces (newlines kept); string literals untouched. */
export function blankComments(text: string): string {
  return text.replace(TOKEN, (token) =>
    token.startsWith('/') ? token.replace(/[^\n]/g, ' ') : token,
  );
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A scanned .proto file: answers "which line holds X". */
export class ProtoText {
  private readonly code: string;

  constructor(readonly text: string) {
    this.code = blankComments(text);
  }

  /**
   * The line of `rpc <method>` inside `service <service>` (short names). Services of one file
   * may share method names, so the search starts at the service's own declaration.
   */
  rpcLine(service: string, method: string): number | undefined {
    const serviceAt = this.find(new RegExp(`\\bservice\\s+${escapeRegExp(service)}\\s*\\{`), 0);
    if (serviceAt === undefined) return undefined;
    const rpcAt = this.find(new RegExp(`\\brpc\\s+${escapeRegExp(method)}\\b`), serviceAt);
    return rpcAt === undefined ? undefined : lineAt(this.code, rpcAt);
  }

  /** The line of `import [public|weak] "<name>";`. */
  importLine(name: string): number | undefined {
    const at = this.find(
      new RegExp(`\\bimport\\s+(?:(?:public|weak)\\s+)?"${escapeRegExp(name)}"`),
      0,
    );
    return at === undefined ? undefined : lineAt(this.code, at);
  }

  /** The first line that names `word` as a whole word (a type a parser could not resolve). */
  wordLine(word: string): number | undefined {
    const at = this.find(new RegExp(`(?<![\\w.])${escapeRegExp(word)}(?![\\w])`), 0);
    return at === undefined ? undefined : lineAt(this.code, at);
  }

  private find(pattern: RegExp, from: number): number | undefined {
    const match = pattern.exec(this.code.slice(from));
    return match === null ? undefined : from + match.index;
  }
}
