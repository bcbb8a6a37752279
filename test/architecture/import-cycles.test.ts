import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addEdge, findCycles, readImportGraph, type SourceFile } from './import-graph.js';

/*
 * Dependencies point one way: no cycle between files, none between the folders of a package,
 * and each package imports only the packages below it (core <- emulator <- harness).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const PACKAGES = [
  { dir: 'core', name: '@nanorpc-sim/core', mayImport: [] as string[] },
  { dir: 'emulator', name: '@nanorpc-sim/emulator', mayImport: ['@nanorpc-sim/core'] },
  {
    dir: 'harness',
    name: 'nanorpc-hil',
    mayImport: ['@nanorpc-sim/core', '@nanorpc-sim/emulator'],
  },
];
const OWN_PACKAGES = new Set(PACKAGES.map((entry) => entry.name));

describe.each(PACKAGES)('the $name package ($dir/src)', ({ dir, mayImport }) => {
  const files: SourceFile[] = readImportGraph(ROOT, `${dir}/src`);

  it('has no import cycle between files', () => {
    const edges = new Map<string, Set<string>>();
    for (const { file, localImports } of files) {
      edges.set(file, edges.get(file) ?? new Set());
      for (const target of localImports) addEdge(edges, file, target);
    }
    expect(findCycles(edges)).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const { file, localImports } of files) {
      for (const target of localImports) addEdge(edges, path.dirname(file), path.dirname(target));
    }
    expect(findCycles(edges)).toEqual([]);
  });

  it('imports only the packages below it, and none of its own files by package name', () => {
    const wrong = files.flatMap(({ file, packageImports }) =>
      packageImports
        .filter((name) => OWN_PACKAGES.has(name) && !mayImport.includes(name))
        .map((name) => `${file} imports ${name}`),
    );
    expect(wrong).toEqual([]);
  });

  it('reads nothing outside its own folder (no ../ beyond src)', () => {
    const outside = files.flatMap(({ file, localImports }) =>
      localImports
        .filter((target) => !target.startsWith(`${dir}/src/`))
        .map((t) => `${file} -> ${t}`),
    );
    expect(outside).toEqual([]);
  });
});
