import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredApiRoutes } from '../support/endpoints';
import { TestClient, startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.stop());

/** Express `/patients/:patientId` → OpenAPI `/patients/{patientId}`. */
const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('documents every route the server registers under /api, with the same method', async () => {
    const doc = await new TestClient(t.baseUrl).get<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
    const documented = new Set(Object.entries(doc.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`)));
    const registered = registeredApiRoutes(t.app.express).map((route) => {
      const [method, path] = route.split(' ');
      return `${method} ${toOpenApi(path ?? '')}`;
    });
    expect(registered.filter((route) => !documented.has(route))).toEqual([]);
  });
});
