import type { SessionUser } from '@naer/shared/contracts';

/**
 * The signed-in patient, remembered on the device so the app opens offline (the server still decides
 * on every API call; this only lets the shell show the patient's own pages and queue readings).
 * Only patients are remembered, and it is forgotten on sign-out or a 401.
 */
const KEY = 'naer.offline-user';

export function rememberUser(user: SessionUser | null): void {
  try {
    if (user && user.role === 'patient') localStorage.setItem(KEY, JSON.stringify(user));
    else localStorage.removeItem(KEY);
  } catch {
    // storage unavailable (private mode): the app then needs a connection to open
  }
}

export function rememberedUser(): SessionUser | null {
  try {
    const text = localStorage.getItem(KEY);
    return text ? (JSON.parse(text) as SessionUser) : null;
  } catch {
    return null;
  }
}
