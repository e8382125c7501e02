import type { LoginRequest, SessionUser, UserRole } from '@naer/shared/contracts';
import { ApiError, api } from './api';

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
        throw error;
      })
      .then((user) => {
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
    this.user = null;
    this.#loaded = true;
  }
}

/** The signed-in user for this browser tab. */
export const session = new Session();
