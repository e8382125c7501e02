import { fileURLToPath } from 'node:url';
import { findCycles, importGraph } from './import-cycles';

// Part of `npm run check`: fails on any import loop in shared, server or web.
const root = fileURLToPath(new URL('..', import.meta.url));
const graph = importGraph(root, ['shared/src', 'server/src', 'web/src']);
const cycles = findCycles(graph);
if (cycles.length > 0) {
  console.error(`Import cycles (${cycles.length}): break each by moving what both sides need into a file both import.`);
  for (const cycle of cycles) console.error(`  ${cycle.join(' -> ')} -> ${cycle[0] ?? ''}`);
  process.exit(1);
}
console.log(`No import cycles in ${graph.size} files.`);
