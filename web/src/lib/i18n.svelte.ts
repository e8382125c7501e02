import type { LocalizedText } from '@naer/shared/contracts';

export type Lang = 'da' | 'en';

const da = {
  'app.name': 'Naer',
  'app.tagline': 'Hjemmemonitorering ved KOL og hjertesvigt',
  'app.skip': 'Spring til indhold',
  'app.loading': 'Henter …',
  'app.signedInAs': 'Logget ind som {name}',
  'app.logout': 'Log ud',
  'app.lang.switch': 'English',
  'app.lang.switchLabel': 'Switch to English',
  'app.error.network': 'Ingen forbindelse til Naer. Tjek din internetforbindelse, og prøv igen.',
  'app.error.unknown': 'Noget gik galt. Prøv igen om lidt.',
  'app.error.forbidden': 'Du har ikke adgang til denne side.',

  'home.title': 'Naer',
  'home.noView': 'Der er endnu ingen side i Naer for din rolle. Kontakt din sygeplejerske, hvis du har brug for hjælp.',

  'login.title': 'Log ind',
  'login.heading': 'Log ind på Naer',
  'login.email': 'E-mail',
  'login.password': 'Adgangskode',
  'login.submit': 'Log ind',
  'login.submitting': 'Logger ind …',
  'login.error.credentials': 'Forkert e-mail eller adgangskode',
  'login.error.emailRequired': 'Skriv din e-mail',
  'login.error.emailInvalid': 'Skriv en gyldig e-mail, fx navn@eksempel.dk',
  'login.error.passwordRequired': 'Skriv din adgangskode',
  'login.error.tooMany': 'For mange forsøg. Vent et par minutter, og prøv igen.',
  'login.error.summary': 'Du blev ikke logget ind',

  'today.title': 'Mine målinger',
  'today.heading': 'Mine målinger',
  'today.notice': 'Naer er ikke en akut tjeneste. Ring 112 ved akut sygdom.',
  'today.intro': 'Skriv tallet fra dit måleapparat, og tryk «Send». Du kan bruge komma, fx 37,5.',
  'today.send': 'Send',
  'today.sendKind': 'Send {kind}',
  'today.sending': 'Sender …',
  'today.systolic': 'Øverste tal (systolisk)',
  'today.diastolic': 'Nederste tal (diastolisk)',
  'today.hint.spo2': 'Fra fingermåleren',
  'today.hint.heart_rate': 'Slag i minuttet',
  'today.hint.body_weight': 'Om morgenen, før morgenmad',
  'today.hint.blood_pressure': 'Fra blodtryksmåleren',
  'today.hint.body_temperature': 'Fx 37,5',
  'today.result.received': 'Målingen er modtaget',
  'today.result.reasons': 'Derfor',
  'today.error.required': 'Skriv et tal',
  'today.error.notNumber': 'Skriv kun et tal, fx 37,5',
  'today.error.range': 'Tallet skal være mellem {min} og {max} {unit}. Tjek, om der er en tastefejl.',
  'today.error.network': 'Målingen blev ikke sendt. Tjek din internetforbindelse, og tryk «Send» igen.',
  'today.error.failed': 'Målingen blev ikke sendt.',
  'today.latest.heading': 'Mine seneste målinger',
  'today.latest.empty': 'Du har ingen målinger endnu.',
  'today.latest.failed': 'Dine seneste målinger kunne ikke hentes.',

  'level.green': 'Grøn',
  'level.yellow': 'Gul',
  'level.red': 'Rød',
  'level.questionable': 'Tvivlsom',
  'level.review': 'Skal vurderes',
  'level.missing': 'Mangler måling',

  'kind.spo2': 'Iltmætning',
  'kind.heart_rate': 'Puls',
  'kind.body_weight': 'Vægt',
  'kind.blood_pressure': 'Blodtryk',
  'kind.body_temperature': 'Temperatur',

  'unit./min': 'slag/min',

  'board.title': 'Oversigt',
  'board.heading': 'Patienter',
  'board.caption': 'Patienter, mest akutte først',
  'board.col.status': 'Status',
  'board.col.patient': 'Patient',
  'board.col.alerts': 'Åbne alarmer',
  'board.empty': 'Ingen patienter at vise.',
  'board.failed': 'Oversigten kunne ikke hentes.',
  'board.feed.heading': 'Alarmer',
  'board.feed.empty': 'Ingen åbne alarmer.',
  'board.feed.opened': 'Åbnet {time}',
  'board.feed.updated': 'Opdateret {time}',
  'board.feed.breaches': '{count} målinger over grænsen',
  'board.noValue': 'Ingen måling',
  'board.announce.red': 'Ny rød alarm: {name}',
  'board.unknownPatient': 'Patient',
  'board.conn.live': 'Live',
  'board.conn.connecting': 'Forbinder …',
  'board.conn.reconnecting': 'Forbinder igen …',
  'board.conn.label': 'Forbindelse',
  'programme.copd': 'KOL',
  'programme.heart_failure': 'Hjertesvigt',
  'alertStatus.open': 'Åben',
  'alertStatus.claimed': 'Taget',
  'alertStatus.resolved': 'Afsluttet',
} as const;

export type MessageKey = keyof typeof da;

const en: Record<MessageKey, string> = {
  'app.name': 'Naer',
  'app.tagline': 'Home monitoring for COPD and heart failure',
  'app.skip': 'Skip to content',
  'app.loading': 'Loading …',
  'app.signedInAs': 'Signed in as {name}',
  'app.logout': 'Log out',
  'app.lang.switch': 'Dansk',
  'app.lang.switchLabel': 'Skift til dansk',
  'app.error.network': 'No connection to Naer. Check your internet connection and try again.',
  'app.error.unknown': 'Something went wrong. Please try again shortly.',
  'app.error.forbidden': 'You do not have access to this page.',

  'home.title': 'Naer',
  'home.noView': 'Naer has no page for your role yet. Contact your nurse if you need help.',

  'login.title': 'Log in',
  'login.heading': 'Log in to Naer',
  'login.email': 'E-mail',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.submitting': 'Logging in …',
  'login.error.credentials': 'Wrong e-mail or password',
  'login.error.emailRequired': 'Enter your e-mail',
  'login.error.emailInvalid': 'Enter a valid e-mail, e.g. name@example.dk',
  'login.error.passwordRequired': 'Enter your password',
  'login.error.tooMany': 'Too many attempts. Wait a few minutes and try again.',
  'login.error.summary': 'You were not logged in',

  'today.title': 'My readings',
  'today.heading': 'My readings',
  'today.notice': 'Naer is not an emergency service. Call 112 in an emergency.',
  'today.intro': 'Type the number from your device and press “Send”. You may use a comma, e.g. 37,5.',
  'today.send': 'Send',
  'today.sendKind': 'Send {kind}',
  'today.sending': 'Sending …',
  'today.systolic': 'Upper number (systolic)',
  'today.diastolic': 'Lower number (diastolic)',
  'today.hint.spo2': 'From the finger monitor',
  'today.hint.heart_rate': 'Beats per minute',
  'today.hint.body_weight': 'In the morning, before breakfast',
  'today.hint.blood_pressure': 'From the blood pressure monitor',
  'today.hint.body_temperature': 'E.g. 37.5',
  'today.result.received': 'Reading received',
  'today.result.reasons': 'Why',
  'today.error.required': 'Enter a number',
  'today.error.notNumber': 'Enter only a number, e.g. 37.5',
  'today.error.range': 'The number must be between {min} and {max} {unit}. Check for a typo.',
  'today.error.network': 'The reading was not sent. Check your internet connection and press “Send” again.',
  'today.error.failed': 'The reading was not sent.',
  'today.latest.heading': 'My latest readings',
  'today.latest.empty': 'You have no readings yet.',
  'today.latest.failed': 'Your latest readings could not be loaded.',

  'level.green': 'Green',
  'level.yellow': 'Yellow',
  'level.red': 'Red',
  'level.questionable': 'Questionable',
  'level.review': 'Needs review',
  'level.missing': 'Reading missing',

  'kind.spo2': 'Oxygen saturation',
  'kind.heart_rate': 'Pulse',
  'kind.body_weight': 'Weight',
  'kind.blood_pressure': 'Blood pressure',
  'kind.body_temperature': 'Temperature',

  'unit./min': 'beats/min',

  'board.title': 'Board',
  'board.heading': 'Patients',
  'board.caption': 'Patients, most urgent first',
  'board.col.status': 'Status',
  'board.col.patient': 'Patient',
  'board.col.alerts': 'Open alerts',
  'board.empty': 'No patients to show.',
  'board.failed': 'The board could not be loaded.',
  'board.feed.heading': 'Alerts',
  'board.feed.empty': 'No open alerts.',
  'board.feed.opened': 'Opened {time}',
  'board.feed.updated': 'Updated {time}',
  'board.feed.breaches': '{count} readings outside limits',
  'board.noValue': 'No reading',
  'board.announce.red': 'New red alert: {name}',
  'board.unknownPatient': 'Patient',
  'board.conn.live': 'Live',
  'board.conn.connecting': 'Connecting …',
  'board.conn.reconnecting': 'Reconnecting …',
  'board.conn.label': 'Connection',
  'programme.copd': 'COPD',
  'programme.heart_failure': 'Heart failure',
  'alertStatus.open': 'Open',
  'alertStatus.claimed': 'Claimed',
  'alertStatus.resolved': 'Resolved',
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { da, en };
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
