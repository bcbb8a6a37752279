import { readFileSync } from 'node:fs';

/** The harness package's name and version; src/cli and dist/cli both sit two levels below it. */
export function readToolInfo(): { name: string; version: string } {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const manifest = JSON.parse(text) as { name?: unknown; version?: unknown };
  return {
    name: typeof manifest.name === 'string' ? manifest.name : 'nanorpc-hil',
    version: typeof manifest.version === 'string' ? manifest.version : '0.0.0',
  };
}
