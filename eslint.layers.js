// Layers point one way: routes -> services -> repositories -> db; everything may use kernel/ and shared/; shared/ uses nothing.
// Each block forbids the imports that would point the wrong way; scripts/check-cycles.ts catches loops.

const SQL = [
  { group: ['drizzle-orm', 'drizzle-orm/*', 'postgres'], allowTypeImports: true, message: 'Only repositories (*.repository.ts, *.sql.ts) and server/src/db touch SQL: call a repository.' },
  { group: ['**/db/schema'], allowTypeImports: true, message: 'Only repositories (*.repository.ts, *.sql.ts) and server/src/db use the tables: call a repository.' },
];

/** @type {import('eslint').Linter.Config[]} */
export const layers = [
  {
    name: 'naer/layers/shared',
    files: ['shared/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/server/**', '**/web/**', '$lib', '$lib/**', '$app/**', '@naer/server', '@naer/web'], message: 'shared/ is used by server and web and imports neither.' },
        { group: ['express', 'drizzle-orm', 'drizzle-orm/*', 'postgres', 'socket.io', 'node:*'], message: 'shared/ is pure: no I/O, no server libraries.' },
      ] }],
    },
  },
  {
    name: 'naer/layers/server-sql',
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/db/**', '**/*.repository.ts', '**/*.sql.ts', '**/*.test.ts', 'server/src/realtime/adapter.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: SQL }] },
  },
  {
    name: 'naer/layers/routes',
    files: ['server/src/**/*.routes.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...SQL, { group: ['**/*.repository', '**/*.sql'], allowTypeImports: true, message: 'Routes call services, not repositories.' }] }] },
  },
  {
    name: 'naer/layers/repositories',
    files: ['server/src/**/*.repository.ts', 'server/src/**/*.sql.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/*.service', '**/*.routes', '**/realtime/**', '**/jobs/**'], allowTypeImports: true, message: 'Repositories sit below services: they import db, kernel and shared only.' }] }] },
  },
  {
    name: 'naer/layers/db',
    files: ['server/src/db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/modules/**', '**/realtime/**', '**/jobs/**', '**/http/**', '**/demo/**'], message: 'db/ is the bottom layer: the connection, schema and migrations import no feature.' }] }] },
  },
  {
    name: 'naer/layers/kernel',
    files: ['server/src/kernel/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/modules/**', '**/realtime/**', '**/jobs/**', '**/http/**', '**/db/**'], message: 'kernel/ is what every feature needs and none owns: it imports no feature.' }] }] },
  },
];
