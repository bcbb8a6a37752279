/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self
 * time, as a share of all samples. Used to write down where the time went (docs/performance.md).
 *
 *   node --import tsx bench/peers/cpu-profile-top.ts PROFILE.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (url === '') return name;
  const file = url.replace(/^file:\/\//, '');
  const short = file.includes('node_modules')
    ? file.slice(file.lastIndexOf('node_modules') + 13)
    : path.relative(process.cwd(), file);
  return `${name} ${short}:${lineNumber + 1}`;
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '25' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (file === undefined) throw new Error('give a .cpuprofile file');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (node === undefined) return;
    const key = label(node);
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
    total += delta;
  });
  const top = [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  console.log(`${(total / 1e6).toFixed(2)} s sampled`);
  for (const [key, us] of top) {
    console.log(
      `${((us * 100) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`,
    );
  }
}

main();
