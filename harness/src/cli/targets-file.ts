import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CapabilityValues } from '../scenario/device-capabilities.js';
import { formatIssue } from '../scenario/scenario-file-error.js';
import { SourceLocator } from '../scenario/source-locator.js';
import { fileProblem } from './file-problem.js';
import { UsageError } from './usage-error.js';

/*
 * A targets file (`run --targets boards.yaml`): the boards of a bench, each with its name, how
 * to reach it (a built-in target or an endpoint), how to reset and flash it, and capabilities
 * people know it has. Checked by zod; a problem names the file, line and field (exit 2).
 */

const Board = z.strictObject({
  name: z
    .string()
    .regex(/^[\w.-]+$/, 'letters, digits, _ . - only (it names JUnit suites and report columns)'),
  target: z.string().min(1).describe('a built-in target (emulator, qemu, ...) or an endpoint'),
  options: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))
    .describe('--target-option settings of this target')
    .optional(),
  reset: z
    .string()
    .min(1)
    .describe('shell command that resets the board (reboot steps)')
    .optional(),
  flash: z.string().min(1).describe('shell command run once before its scenarios').optional(),
  faults: z.array(z.string()).optional(),
  capabilities: CapabilityValues.optional(),
});

export const TargetsFile = z.strictObject({
  targets: z
    .array(Board)
    .min(1)
    .superRefine((boards, context) => {
      const seen = new Set<string>();
      boards.forEach((board, index) => {
        if (seen.has(board.name))
          context.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `two targets are named ${board.name}`,
          });
        seen.add(board.name);
      });
    }),
});

export type BoardEntry = z.output<typeof Board>;

/** Reads and checks a targets file; UsageError naming file:line:column and the field. */
export async function readTargetsFile(file: string, cwd: string): Promise<BoardEntry[]> {
  const text = await readFile(path.resolve(cwd, file), 'utf8').catch((error: unknown) => {
    throw new UsageError(`--targets: cannot read ${file}: ${fileProblem(error)}`);
  });
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [syntax] = document.errors;
  if (syntax !== undefined) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new UsageError(
      `${file}:${line}:${col}: invalid YAML: ${syntax.message.split('\n')[0] ?? ''}`,
    );
  }
  const parsed = TargetsFile.safeParse(document.toJS());
  if (parsed.success) return parsed.data.targets;
  const locator = new SourceLocator(document, lineCounter);
  throw new UsageError(
    parsed.error.issues
      .slice(0, 8)
      .map((issue) =>
        // An unknown key is located at the key itself, not at the board holding it.
        issue.code === 'unrecognized_keys'
          ? formatIssue(
              locator.issue(
                file,
                [...issue.path, issue.keys[0] ?? ''],
                `unknown key (known: ${Object.keys(Board.shape).join(', ')})`,
              ),
            )
          : formatIssue(locator.issue(file, issue.path, issue.message)),
      )
      .join('\n'),
  );
}
