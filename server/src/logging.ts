/**
 * Log lines must never carry patient data. Database errors are the usual leak: PostgreSQL puts the
 * offending value in the message ("invalid input syntax for type uuid: \"...\"") and in `detail`
 * ("Key (email)=(...) already exists"), so errors are logged through `describeError`, which keeps
 * the name, SQLSTATE, message shape and stack frames and blanks out values.
 */

const CPR = /\b\d{6}-?\d{4}\b/g;
const EMAIL = /[^\s"'()<>@,;:]+@[^\s"'()<>@,;:]+\.[a-z]{2,}/gi;
const QUOTED = /"[^"\n]*"|'[^'\n]*'|«[^»\n]*»/g;
const KEY_VALUE = /\)=\([^)]*\)/g;

/** Removes quoted values, key values, e-mail addresses and CPR-shaped numbers from one text. */
export function redact(text: string): string {
  return text.replace(KEY_VALUE, ')=([redacted])').replace(QUOTED, '[redacted]').replace(EMAIL, '[e-mail]').replace(CPR, '[number]');
}

/** An error as one loggable text: name, SQLSTATE when there is one, redacted message and stack frames. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown (${typeof error})`;
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  return [`${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${redact(error.message)}`, ...frames.map(redact)].join('\n');
}

/** console.error for a failure, with the error made safe to log. */
export function logError(context: string, error: unknown): void {
  console.error(`${context}: ${describeError(error)}`);
}
