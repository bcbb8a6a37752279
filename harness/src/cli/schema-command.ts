import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { scenarioJsonSchemaText } from '../scenario/scenario-json-schema.js';
import type { CommandContext } from './command-context.js';
import { fileProblem } from './file-problem.js';
import { UsageError } from './usage-error.js';

export function registerSchemaCommand(program: Command, context: CommandContext): void {
  program
    .command('schema')
    .description('print (or write) the JSON Schema of scenario files, for editors')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  $ nanorpc-hil schema --out scenarios/scenario.schema.json\n' +
        '\nThen start YAML scenario files with:\n  # yaml-language-server: $schema=./scenario.schema.json\n',
    )
    .action(async (options: { out?: string }) => {
      const text = scenarioJsonSchemaText();
      if (options.out === undefined) {
        context.io.stdout.write(text);
        return;
      }
      const file = path.resolve(context.io.cwd, options.out);
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text, 'utf8');
      } catch (error) {
        throw new UsageError(`--out: cannot write ${options.out}: ${fileProblem(error)}`, {
          cause: error,
        });
      }
      context.io.stderr.write(`wrote ${options.out}\n`);
    });
}
