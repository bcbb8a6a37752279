import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NanoRpcError } from '@nanorpc-sim/core';

/** interop/go-reference/bin of this repository (same place from src/ and dist/). */
const BIN = new URL('../../../interop/go-reference/bin/', import.meta.url);

export class GoReferenceMissingError extends NanoRpcError {
  constructor(file: string) {
    super(
      'ERR_USAGE',
      `${file} is missing: build the Go reference adapters with \`npm run interop:build\``,
    );
  }
}

/** The path of one Go reference binary; a clear error telling how to build it when missing. */
export function goReferenceBinary(name: 'nanorpc-ref-server' | 'nanorpc-ref-client'): string {
  const file = fileURLToPath(new URL(name, BIN));
  if (!existsSync(file)) throw new GoReferenceMissingError(file);
  return file;
}
