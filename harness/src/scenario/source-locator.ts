import { type Document, isMap, isNode, isScalar, type LineCounter } from 'yaml';
import type { ScenarioFileIssue } from './scenario-file-error.js';

export type SourcePath = readonly PropertyKey[];

/** Formats a path the way people write it: steps[2].request.expect.status. */
export function formatSourcePath(path: SourcePath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/**
 * Finds where a value of a parsed YAML (or JSON) document sits in the text, so a validation
 * issue at a path like ['steps', 2, 'request'] can name its line. A path that does not exist
 * (a missing field) points at the nearest enclosing value.
 */
export class SourceLocator {
  constructor(
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Line and column (1-based) of the value at `path`, or of the key `key` inside it. */
  locate(path: SourcePath, key?: string): { line: number; column: number } {
    const segments = path.map((segment) =>
      typeof segment === 'symbol' ? String(segment) : segment,
    );
    for (let length = segments.length; length >= 0; length--) {
      const node: unknown = this.document.getIn(segments.slice(0, length), true);
      if (!isNode(node)) continue;
      let offset = node.range?.[0];
      if (key !== undefined && length === segments.length && isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
        if (pair !== undefined && isNode(pair.key)) offset = pair.key.range?.[0] ?? offset;
      }
      if (offset !== undefined) return this.position(offset);
    }
    return { line: 1, column: 1 };
  }

  /** An issue of `file` located at the value at `path`, its field named after the path. */
  issue(file: string, path: SourcePath, message: string): ScenarioFileIssue {
    return { file, ...this.locate(path), field: formatSourcePath(path), message };
  }

  /** Line of the key that holds the value at `path` (a step's line is its first key). */
  line(path: SourcePath): number {
    return this.locate(path).line;
  }

  private position(offset: number): { line: number; column: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
}
