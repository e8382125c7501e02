import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycles, importGraph } from './import-cycles';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A throwaway tree of files with the given contents. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'naer-cycles-'));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('the import-cycle check', () => {
  it('finds a loop of three files and names them in import order', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('finds none in a graph without loops', () => {
    expect(findCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('reads loops through relative, $lib and @naer/shared imports, type-only ones too', () => {
    const root = tree({
      'server/src/a.service.ts': "import type { B } from './b.repository';\nexport type A = B;\n",
      'server/src/b.repository.ts': "import { a } from './a.service';\nexport type B = typeof a;\n",
      'web/src/lib/x.ts': "import { y } from '$lib/y';\nexport const x = y;\n",
      'web/src/lib/y.ts': "import { s } from '@naer/shared/api';\nexport const y = s;\n",
      'shared/src/api/index.ts': "export const s = 1;\n",
    });
    const cycles = findCycles(importGraph(root, ['shared/src', 'server/src', 'web/src']));
    expect(cycles).toEqual([['server/src/a.service.ts', 'server/src/b.repository.ts']]);
  });
});
