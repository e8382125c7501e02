import { describe, expect, it } from 'vitest';
import { API, urlOf } from './index';
import type { Endpoint } from './index';

const endpoints = Object.entries(API) as Array<[string, Endpoint]>;

describe('the endpoint declarations', () => {
  it.each(endpoints)('%s: its path parameters and its params schema name the same things', (_name, e) => {
    const inPath = [...e.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
    const declared = Object.keys(e.params?.shape ?? {}).sort();
    expect(declared).toEqual(inPath);
  });

  it.each(endpoints)('%s: a relative scope or responsibility only where relatives or clinicians are let in', (_name, e) => {
    const roles = e.access.roles === 'public' ? [] : e.access.roles;
    if (e.access.relativeScope) expect(roles).toContain('relative');
    if (e.access.responsibility) expect(roles).toContain('clinician');
    if (roles.includes('relative') && e.access.target === 'patient') expect(e.access.relativeScope).toBeDefined();
  });

  it('declares each method and path once', () => {
    const keys = endpoints.map(([, e]) => `${e.method} ${e.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('builds a URL with encoded parameters and only the query values given', () => {
    expect(urlOf(API['limits.update'], { patientId: 'a b/c', kind: 'spo2' })).toBe('/api/patients/a%20b%2Fc/limits/spo2');
    expect(urlOf(API['patients.board'], {}, { limit: 50, cursor: undefined, q: '' })).toBe('/api/patients?limit=50');
    expect(() => urlOf(API['patients.summary'])).toThrow(':patientId');
  });
});
