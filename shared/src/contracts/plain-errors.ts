import { z } from 'zod';

const FORMATS: Record<string, string> = {
  uuid: 'an id (a UUID)',
  email: 'an e-mail address',
  datetime: 'an ISO 8601 date-time, e.g. 2026-11-22T08:30:00Z',
  date: 'a date, e.g. 2026-11-22',
  url: 'a web address',
  regex: 'in the expected format',
};

const TYPES: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'an object', bigint: 'a whole number' };

/** Our own plain wording for every check that has no message of its own (never the validation library's). */
export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is missing' : `must be ${TYPES[issue.expected] ?? issue.expected}`;
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `may be at most ${max} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `may have at most ${max} items`;
      return `must be at most ${max}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return min === '1' ? 'must not be empty' : `must be at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return min === '1' ? 'must not be empty' : `must have at least ${min} items`;
      return `must be at least ${min}`;
    }
    case 'invalid_format':
      return `must be ${FORMATS[issue.format] ?? issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `has fields we do not know: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'does not have any of the accepted shapes';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_key':
    case 'invalid_element':
      return 'holds a value that is not accepted';
    case 'custom':
      return 'is not valid';
  }
  return undefined;
}

z.config({ customError: plainMessage });
