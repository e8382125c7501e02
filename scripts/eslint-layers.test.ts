import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { layers } from '../eslint.layers.js';

// The layer rule must fail when broken: each case is an import pointing the wrong way.
const linter = new Linter({ configType: 'flat', cwd: process.cwd() });
const errors = (filename: string, code: string) =>
  linter.verify(code, [{ languageOptions: { sourceType: 'module', ecmaVersion: 'latest' } }, ...layers], { filename }).map((m) => m.message);

describe('the layer rule', () => {
  it.each([
    ['server/src/modules/alerts/alert.service.ts', "import { sql } from 'drizzle-orm';", /Only repositories/],
    ['server/src/jobs/escalation.job.ts', "import { alerts } from '../db/schema';", /Only repositories/],
    ['server/src/modules/alerts/alert.routes.ts', "import { createAlertRepository } from './alert.repository';", /Routes call services/],
    ['server/src/modules/alerts/alert.repository.ts', "import { createAlertService } from './alert.service';", /Repositories sit below services/],
    ['server/src/kernel/actor.ts', "import { x } from '../modules/auth/auth.service';", /kernel\/ is what every feature needs/],
    ['server/src/db/client.ts', "import { x } from '../modules/alerts/alert.repository';", /db\/ is the bottom layer/],
    ['shared/src/domain/alerts.ts', "import { x } from '../../../server/src/kernel/errors';", /shared\/ is used by server and web/],
    ['shared/src/domain/alerts.ts', "import { readFileSync } from 'node:fs';", /shared\/ is pure/],
  ])('refuses in %s: %s', (filename, code, message) => {
    expect(errors(filename, code)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['server/src/modules/alerts/alert.repository.ts', "import { sql } from 'drizzle-orm';"],
    ['server/src/modules/alerts/alert.service.ts', "import { createAlertRepository } from './alert.repository';"],
    ['server/src/modules/alerts/alert.routes.ts', "import { declaredRoutes } from '../../kernel/routes';"],
  ])('allows in %s: %s', (filename, code) => {
    expect(errors(filename, code)).toEqual([]);
  });
});
