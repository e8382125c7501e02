import type { LoginRequest, SessionUser, UserRole } from '@naer/shared/contracts';
import { ApiError, api } from './api';
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
