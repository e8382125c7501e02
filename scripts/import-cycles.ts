import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Files and what each imports (paths relative to the root). */
export type ImportGraph = Map<string, string[]>;

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
const EXTENSIONS = ['.ts', '.svelte.ts', '.svelte', '/index.ts'];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(full).isDirectory()) return listFiles(full);
    return /\.(ts|svelte)$/.test(name) && !/\.(test|d)\.ts$/.test(name) ? [full] : [];
  });
}

function resolveFile(base: string): string | undefined {
  if (/\.(ts|svelte)$/.test(base) && existsSync(base)) return base;
  const stripped = base.replace(/\.js$/, '');
  return EXTENSIONS.map((ext) => stripped + ext).find((candidate) => existsSync(candidate));
}

/** Where an import specifier points inside the repository, or undefined for a package. */
function resolveImport(root: string, from: string, spec: string): string | undefined {
  if (spec.startsWith('.')) return resolveFile(path.resolve(path.dirname(from), spec));
  if (spec === '$lib' || spec.startsWith('$lib/')) return resolveFile(path.join(root, 'web/src/lib', spec.slice(5)));
  if (spec === '@naer/shared') return resolveFile(path.join(root, 'shared/src/index'));
  if (spec.startsWith('@naer/shared/')) return resolveFile(path.join(root, 'shared/src', spec.slice('@naer/shared/'.length)));
  return undefined;
}

/** The import graph of our own code under the given folders. */
export function importGraph(root: string, folders: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of folders.flatMap((folder) => listFiles(path.join(root, folder)))) {
    const text = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2];
      const target = spec ? resolveImport(root, file, spec) : undefined;
      if (target && target !== file) targets.add(path.relative(root, target));
    }
    graph.set(path.relative(root, file), [...targets]);
  }
  return graph;
}

/** Every loop in the graph, each as its files in import order (Tarjan's strongly connected components). */
export function findCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  const visit = (node: string): void => {
    indices.set(node, index);
    lowlink.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowlink.set(node, Math.min(lowlink.get(node) ?? 0, lowlink.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowlink.set(node, Math.min(lowlink.get(node) ?? 0, indices.get(next) ?? 0));
      }
    }
    if (lowlink.get(node) !== indices.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.reverse());
  };

  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}
