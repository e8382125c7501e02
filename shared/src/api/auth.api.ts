import { ActivationRequestSchema, ChangePasswordRequestSchema, LoginRequestSchema, LoginResponseSchema } from '../contracts';
import { endpoint } from './endpoint';

const EVERYONE = ['patient', 'relative', 'clinician', 'admin'] as const;

export const authApi = {
  'auth.login': endpoint({
    method: 'POST', path: '/auth/login', summary: 'Log in; sets the httpOnly session cookie', body: LoginRequestSchema, response: LoginResponseSchema,
    access: { roles: 'public', target: 'none' },
    errors: { 401: 'Wrong e-mail or password', 429: 'Too many failed logins for the account or the address; see Retry-After' },
  }),
  'auth.logout': endpoint({ method: 'POST', path: '/auth/logout', summary: 'Log out; revokes the session (without one there is nothing to end)', status: 204, access: { roles: 'public', target: 'none' } }),
  'auth.me': endpoint({ method: 'GET', path: '/auth/me', summary: 'The signed-in user', response: LoginResponseSchema, access: { roles: EVERYONE, target: 'own' } }),
  'auth.password': endpoint({
    method: 'POST', path: '/auth/password', summary: 'Change the password; ends every other session of the user (this one continues)', body: ChangePasswordRequestSchema, status: 204,
    access: { roles: EVERYONE, target: 'own' }, errors: { 400: 'Bad input, or the current password is wrong', 429: 'Too many wrong passwords; see Retry-After' },
  }),
  'auth.activate': endpoint({
    method: 'POST', path: '/auth/activate', summary: 'Activate a patient account with the one-time code: sets e-mail and password and the session cookie', body: ActivationRequestSchema, response: LoginResponseSchema, status: 201,
    access: { roles: 'public', target: 'none' }, errors: { 400: 'Unknown, used or expired code (details[0].message says which), or bad input', 409: 'The e-mail is used by another account' },
  }),
};
