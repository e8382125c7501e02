import type { LoginRequest, SessionUser, UserRole } from '@naer/shared/contracts';
import { ApiError, api, call } from './api';
import { rememberUser, rememberedUser } from './offline/session-cache';

/** The page each role starts on after logging in. */
export function homeFor(role: UserRole): '/today' | '/board' | '/relative' | '/' {
  switch (role) {
    case 'patient':
      return '/today';
    case 'clinician':
    case 'admin':
      return '/board';
    case 'relative':
      return '/relative';
  }
}

const navigatorOffline = () => typeof navigator !== 'undefined' && !navigator.onLine;

class Session {
  user = $state<SessionUser | null>(null);
  #loaded = false;
  #pending: Promise<SessionUser | null> | null = null;

  /** Loads the signed-in user once (the cookie is httpOnly, so only the server can tell). */
  ensure(fetchFn?: typeof fetch): Promise<SessionUser | null> {
    if (this.#loaded) return Promise.resolve(this.user);
    // A patient remembered on this device opens at once (no round trip before the page); the server's
    // answer follows, and every API call is still decided by the server.
    const remembered = this.#pending ? null : rememberedUser();
    if (remembered) {
      this.user = remembered;
      this.#loaded = true;
      void this.#confirm(remembered);
      return Promise.resolve(remembered);
    }
    this.#pending ??= api
      .me(fetchFn)
      .then(({ user }) => user)
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return null;
        // Offline: a patient who signed in on this device still opens the app (readings are queued).
        if (error instanceof ApiError && error.isNetwork) {
          const remembered = rememberedUser();
          if (remembered) return remembered;
        }
        throw error;
      })
      .then((user) => {
        if (!navigatorOffline()) rememberUser(user);
        this.user = user;
        this.#loaded = true;
        return user;
      })
      .finally(() => {
        this.#pending = null;
      });
    return this.#pending;
  }

  /** Checks a remembered user with the server: a 401 signs out. */
  async #confirm(remembered: SessionUser): Promise<void> {
    let user: SessionUser;
    try {
      // Not quiet: a 401 runs the app's unauthorized handler, which opens the login page.
      ({ user } = await call('auth.me'));
    } catch (error: unknown) {
      // Offline or a server error: keep the remembered user, as when the app opens offline.
      if (error instanceof ApiError && error.status === 401) this.expire();
      return;
    }
    rememberUser(user);
    // Another account signed in on this device meanwhile: start over with the right pages.
    if (user.id !== remembered.id && typeof location !== 'undefined') location.reload();
    else this.user = user;
  }

  async login(credentials: LoginRequest): Promise<SessionUser> {
    const { user } = await api.login(credentials);
    this.user = user;
    this.#loaded = true;
    rememberUser(user);
    return user;
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      this.expire();
    }
  }

  /** Forgets the user locally (after logout, or when the server answered 401). */
  expire(): void {
    rememberUser(null);
    this.user = null;
    this.#loaded = true;
  }
}

/** The signed-in user for this browser tab. */
export const session = new Session();
