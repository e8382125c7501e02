import { describe, expect, it } from 'vitest';
import type { LimitVersion } from '@naer/shared/contracts';
import { fieldId, parseDraft, toDraft } from './limit-draft';

let id = 0;
const nextId = () => id++;
const danish = (value: number) => String(value).replace('.', ',');

describe('limit drafts', () => {
  it('turns the version in force into text fields and back into the same rules', () => {
    const current = {
      id: 'v1',
      rules: { kind: 'body_weight', absolute: [{ level: 'red', op: 'gt', value: 92.5 }], baseline: [], trend: [] },
    } as unknown as LimitVersion;
    const draft = toDraft('body_weight', current, danish, nextId);
    expect(draft.absolute[0]?.value).toBe('92,5');
    expect(draft.basedOn).toBe('v1');
    expect(parseDraft(draft)).toEqual({ rules: current.rules, errors: {} });
  });

  it('names the fields that cannot be read, by their form ids', () => {
    const draft = toDraft('spo2', null, danish, nextId);
    draft.absolute.push({ id: nextId(), component: undefined, level: 'red', op: 'lt', value: 'ni' });
    const { rules, errors } = parseDraft(draft);
    expect(rules).toBeNull();
    expect(errors).toEqual({ 'abs-0-value': { key: 'limits.error.number' } });
  });

  it('maps the server field paths to the form ids', () => {
    expect(fieldId('rules.baseline.1.windowDays')).toBe('base-1-windowDays');
    expect(fieldId('reason')).toBe('reason');
    expect(fieldId('basedOn')).toBe('server-basedOn');
  });
});
