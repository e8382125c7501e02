import type { MessageKey } from '$lib/i18n.svelte';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** One refusal of the server, said where in the definition it is and what is wrong, in the reader's language where we can. */
export interface DefinitionProblem {
  where: string;
  why: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The element `index` of the array `key` of the sent definition, when it is an object. */
function element(source: unknown, key: string, index: number): Record<string, unknown> | undefined {
  if (!isRecord(source)) return undefined;
  const list = source[key];
  const found: unknown = Array.isArray(list) ? list[index] : undefined;
  return isRecord(found) ? found : undefined;
}

const named = (text: string, name: unknown) => (typeof name === 'string' && name ? `${text} (${name})` : text);

// "items.2.options.1.value" → "Spørgsmål 3 (cough), svarmulighed 2" and the field left over ("value").
function location(segments: string[], sent: unknown, t: Translate): { place: string; field: string[] } {
  const parts: string[] = [];
  let rest = [...segments];
  const index = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
  const head = rest[0];
  const n = index(rest[1]);
  if (head === 'items' && n !== undefined) {
    const item = element(sent, 'items', n);
    parts.push(named(t('admin.q.where.item', { n: n + 1 }), item?.id));
    rest = rest.slice(2);
    const m = index(rest[1]);
    if (rest[0] === 'options' && m !== undefined) {
      parts.push(t('admin.q.where.option', { n: m + 1 }));
      rest = rest.slice(2);
    }
  } else if (head === 'triage' && n !== undefined) {
    parts.push(named(t('admin.q.where.rule', { n: n + 1 }), element(sent, 'triage', n)?.code));
    rest = rest.slice(2);
  } else if (head === 'bands' && n !== undefined) {
    parts.push(named(t('admin.q.where.band', { n: n + 1 }), element(sent, 'bands', n)?.code));
    rest = rest.slice(2);
  } else if (head === 'scoring') {
    parts.push(t('admin.q.where.scoring'));
    rest = rest.slice(1);
    const d = index(rest[1]);
    if (rest[0] === 'domains' && d !== undefined) {
      parts.push(t('admin.q.where.domain', { n: d + 1 }));
      rest = rest.slice(2);
    }
  }
  return { place: parts.join(', '), field: rest };
}

/**
 * Turns one `{ path, message }` detail of a refused definition into words: where (question 3
 * "cough", option 2) and what is wrong (common cases translated; otherwise the server's own text).
 */
export function describeProblem(detail: { path: string; message: string }, sent: unknown, t: Translate): DefinitionProblem {
  const segments = detail.path === '(body)' ? [] : detail.path.split('.');
  const { place, field } = location(segments, sent, t);
  const fieldText = field.join('.');
  const where = place && fieldText ? `${place}: ${fieldText}` : place || fieldText || t('admin.q.where.definition');
  const serverText = detail.message.startsWith(`${detail.path}: `) ? detail.message.slice(detail.path.length + 2) : detail.message;
  const last = segments.at(-1);

  if ((last === 'da' || last === 'en') && /must be text|must not be empty|expected string|Invalid input/i.test(serverText)) {
    return { where, why: t('admin.q.why.missingText', { lang: t(`admin.q.lang.${last}`) }) };
  }
  const unknownItem = /item (\S+) is not an item of this questionnaire/.exec(serverText);
  if (unknownItem?.[1]) return { where, why: t('admin.q.why.unknownItem', { item: unknownItem[1] }) };
  if (/Unrecognized key/i.test(serverText)) {
    const keys = [...serverText.matchAll(/"([^"]+)"/g)].map((m) => m[1]).join(', ');
    return { where, why: t('admin.q.why.unknownKey', { keys }) };
  }
  const twice = /^(.+) is used twice$/.exec(serverText);
  if (twice?.[1]) return { where, why: t('admin.q.why.twice', { what: twice[1] }) };
  return { where, why: serverText };
}
