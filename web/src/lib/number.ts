/**
 * Parses a number as people type it in Denmark: "37,5" and "37.5" both mean 37.5.
 * Returns null for anything that is not one plain number (empty, letters, "1.234,5").
 */
export function parseDecimal(raw: string): number | null {
  const text = raw.trim().replace(/\s+/g, '');
  if (!/^[-+]?\d+([.,]\d+)?$/.test(text)) return null;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

/** Formats a number for the reader's language (Danish uses a decimal comma). */
export function formatNumber(value: number, lang: 'da' | 'en', maxDecimals = 2): string {
  return new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: maxDecimals }).format(value);
}
