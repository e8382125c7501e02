import * as core from './core';

/**
 * Every feature's texts, merged. A feature adds its own file here (`export const da = {...}; export
 * const en: Record<keyof typeof da, string> = {...}`) and one line to each spread below.
 */
const da = { ...core.da };
const en: Record<keyof typeof da, string> = { ...core.en };

export type MessageKey = keyof typeof da;
export const dictionaries: Record<'da' | 'en', Record<MessageKey, string>> = { da, en };
