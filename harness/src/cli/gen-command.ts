import path from 'node:path';
import type { Command } from 'commander';
import { generateFromProto, type GenerateTarget } from '../codegen/generate.js';
import { writeGeneratedFiles } from '../codegen/generated-file.js';
import { ProtoGenerationError, formatProblem } from '../codegen/proto-problem.js';
import type { CommandContext } from './command-context.js';
import { ExitStatus } from './exit-status.js';
import { fileProblem } from './file-problem.js';
import { collectRepeated } from './option-schemas.js';
import { UsageError } from './usage-error.js';

interface GenOptions {
  out: string;
  protoPath?: string[];
}

export function registerGenCommand(program: Command, context: CommandContext): void {
  const gen = program
    .command('gen')
    .description('generate code from the (nanorpc).request_path options of a .proto service');

  gen
    .command('c')
    .description(
      'C for the firmware library: <stem>_paths.h (path hashes), <stem>_handlers.h/.c (the handler table)',
    )
    .argument('<proto>', 'the .proto file')
    .requiredOption('-o, --out <dir>', 'output folder (created if needed)')
    .option('-I, --proto-path <dir>', 'another folder for imports (repeatable)', collectRepeated)
    .option('--no-path-strings', 'leave out the path string macros (a device matching hashes only)')
    .option('--no-handlers', 'write <stem>_paths.h only')
    .addHelpText(
      'after',
      '\nExamples:\n  $ nanorpc-hil gen c proto/demo_device.proto --out firmware/build/gen\n',
    )
    .action((proto: string, options: GenOptions & { pathStrings: boolean; handlers: boolean }) =>
      generate(context, proto, options, {
        language: 'c',
        c: { pathStrings: options.pathStrings, handlers: options.handlers },
      }),
    );

  gen
    .command('ts')
    .description('a typed TypeScript client, <stem>_client.ts, over NanoRpcClient')
    .argument('<proto>', 'the .proto file')
    .requiredOption('-o, --out <dir>', 'output folder (created if needed)')
    .option('-I, --proto-path <dir>', 'another folder for imports (repeatable)', collectRepeated)
    .addHelpText(
      'after',
      '\nExamples:\n  $ nanorpc-hil gen ts proto/demo_device.proto --out src/generated\n',
    )
    .action((proto: string, options: GenOptions) =>
      generate(context, proto, options, { language: 'ts' }),
    );
}

async function generate(
  context: CommandContext,
  proto: string,
  options: GenOptions,
  target: GenerateTarget,
): Promise<void> {
  const { io } = context;
  let files;
  try {
    files = generateFromProto(proto, target, { cwd: io.cwd, includeDirs: options.protoPath ?? [] });
  } catch (error) {
    if (!(error instanceof ProtoGenerationError)) throw error;
    // Every problem on its own line, `file:line: rpc S.M: ...`, as a compiler reports.
    for (const problem of error.problems)
      io.stderr.write(`nanorpc-hil: ${formatProblem(problem)}\n`);
    io.stderr.write(`nanorpc-hil: gen ${target.language}: nothing written\n`);
    context.setExitStatus(ExitStatus.BadInput);
    return;
  }
  const outDir = path.resolve(io.cwd, options.out);
  let written: string[];
  try {
    written = await writeGeneratedFiles(outDir, files);
  } catch (error) {
    throw new UsageError(`--out ${options.out}: ${fileProblem(error)}`, { cause: error });
  }
  files.forEach((file, index) => {
    const target = written[index] ?? file.name;
    const relative = path.relative(io.cwd, target);
    const shown = relative === '' || relative.startsWith('..') ? target : relative;
    io.stdout.write(`${shown}: ${file.summary}\n`);
  });
}
