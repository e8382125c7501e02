import type { LocalizedText } from '@naer/shared/contracts';
import { dictionaries } from './messages';
import type { MessageKey } from './messages';

export type { MessageKey };
export type Lang = 'da' | 'en';

const STORAGE_KEY = 'naer.lang';

function storedLang(): Lang {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'da';
  } catch {
    return 'da';
  }
}

class I18n {
  lang = $state<Lang>(storedLang());

  constructor() {
    this.#applyDocumentLang();
  }

  set(lang: Lang): void {
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Private mode may refuse storage; the choice then lasts for this visit.
    }
    this.#applyDocumentLang();
  }

  toggle(): void {
    this.set(this.lang === 'da' ? 'en' : 'da');
  }

  #applyDocumentLang(): void {
    if (typeof document !== 'undefined') document.documentElement.lang = this.lang;
  }
}

/** The reader's language; Danish unless they chose English. */
export const i18n = new I18n();

/** Translates a key into the current language, filling `{name}` placeholders. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = dictionaries[i18n.lang][key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** Picks the current language from server text that carries both. */
export function localized(text: LocalizedText): string {
  return text[i18n.lang];
}

/** Locale for Intl formatting in the current language. */
export function locale(): string {
  return i18n.lang === 'da' ? 'da-DK' : 'en-GB';
}
