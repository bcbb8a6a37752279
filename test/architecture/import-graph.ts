import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One source file and what it imports: files of its own package, and other packages by name. */
export interface SourceFile {
  /** Relative to the repository root, e.g. core/src/client/client.ts. */
  file: string;
  localImports: string[];
  packageImports: string[];
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every .ts file under `srcDir` with its imports resolved (`./x.js` -> x.ts). */
export function readImportGraph(root: string, srcDir: string): SourceFile[] {
  return sourceFiles(path.join(root, srcDir)).map((full) => {
    const text = readFileSync(full, 'utf8');
    const specifiers = [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC_IMPORT)].map(
      (match) => match[1] as string,
    );
    const localImports: string[] = [];
    const packageImports: string[] = [];
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(full), specifier).replace(/\.js$/, '.ts');
        localImports.push(path.relative(root, target));
      } else if (!specifier.startsWith('node:')) {
        packageImports.push(specifier);
      }
    }
    return { file: path.relative(root, full), localImports, packageImports };
  });
}

/** The strongly connected components of more than one node (Tarjan): each one is a cycle. */
export function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** Adds an edge, making both nodes known. */
export function addEdge(edges: Map<string, Set<string>>, from: string, to: string): void {
  if (!edges.has(to)) edges.set(to, new Set());
  let targets = edges.get(from);
  if (targets === undefined) edges.set(from, (targets = new Set()));
  if (from !== to) targets.add(to);
}
