import path from 'node:path';
import { writeC, type CWriterOptions } from './c-writer.js';
import type { GeneratedFile } from './generated-file.js';
import { checkProto, type PathMethod } from './proto-checks.js';
import { ProtoGenerationError } from './proto-problem.js';
import { readProtoModel, type ProtoReadOptions } from './proto-reader.js';
import { writeTs } from './ts-writer.js';

export type GenerateTarget = { language: 'c'; c: CWriterOptions } | { language: 'ts' };

/**
 * Reads and checks `file`, then gives the files of `target`. Nothing is written here: a .proto
 * with any problem throws ProtoGenerationError before a single file exists.
 */
export function generateFromProto(
  file: string,
  target: GenerateTarget,
  options: ProtoReadOptions,
): GeneratedFile[] {
  const model = readProtoModel(file, options);
  const problems = checkProto(model);
  if (problems.length > 0) throw new ProtoGenerationError(problems);
  // checkProto refused every method without a path.
  const methods = model.methods.filter((method): method is PathMethod => method.path !== undefined);
  const fileName = path.basename(file);
  if (target.language === 'c') return writeC(fileName, model.stem, methods, target.c);
  return [writeTs(fileName, model.stem, model.packageName, methods)];
}
