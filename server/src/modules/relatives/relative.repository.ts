import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { PendingInvitation, RelativeGrant, RelativeScope, SharedPatient } from '@naer/shared';
import type { Database, Executor } from '../../db/client';
import { users } from '../../db/schema';

/** Letters and digits that cannot be mistaken for each other when read aloud or typed (no I, O, 0, 1). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 12;

/** A 12-character code (60 bits: not guessable), shown as ABCD-EFGH-JKLM. */
export function newInvitationCode(): { code: string; display: string } {
  // 32 symbols divide 256 evenly, so masking a byte is unbiased.
  const code = Array.from(randomBytes(CODE_LENGTH), (b) => ALPHABET[b & 31]).join('');
  return { code, display: code.match(/.{4}/g)?.join('-') ?? code };
}

/** Only the hash is stored: a leaked table does not leak usable codes. */
export const hashInvitationCode = (normalisedCode: string) => createHash('sha256').update(`relative:${normalisedCode}`).digest('base64url');

export interface GrantRow {
  id: string;
  patient_id: string;
  relative_user_id: string;
  scopes: RelativeScope[];
  notify_red: boolean;
  created_at: string | Date;
  revoked_at: string | Date | null;
}

const iso = (value: string | Date) => new Date(value).toISOString();

export function createRelativeRepository(database: Database) {
  return {
    /** The account with this (lower-cased) e-mail address, if any. */
    async findUserByEmail(email: string): Promise<{ id: string; role: string } | undefined> {
      const [row] = await database.rows<{ id: string; role: string }>(sql`select id, role from users where lower(email) = ${email}`);
      return row;
    },

    /** Creates a relative's account; undefined when the e-mail address is taken. */
    async insertRelativeUser(executor: Executor, user: { email: string; passwordHash: string; displayName: string }, now: Date): Promise<string | undefined> {
      const [created] = await executor
        .insert(users)
        .values({ email: user.email, passwordHash: user.passwordHash, role: 'relative', displayName: user.displayName, passwordChangedAt: now, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: users.id });
      return created?.id;
    },

    async insertInvitation(
      executor: Executor,
      i: { codeHash: string; patientId: string; scopes: RelativeScope[]; notifyRed: boolean; createdBy: string; createdAt: Date; expiresAt: Date },
    ): Promise<string> {
      const [row] = await database.rows<{ id: string }>(
        sql`insert into invitations (code_hash, kind, patient_id, grants, created_by, created_at, expires_at)
            values (${i.codeHash}, 'relative', ${i.patientId}::uuid, ${JSON.stringify({ scopes: i.scopes, notifyRed: i.notifyRed })}::jsonb,
                    ${i.createdBy}::uuid, ${i.createdAt.toISOString()}::timestamptz, ${i.expiresAt.toISOString()}::timestamptz)
            returning id`,
        executor,
      );
      if (!row) throw new Error('invitation insert returned nothing');
      return row.id;
    },

    /** A relative invitation that can still be used at `now`. */
    async findUsableInvitation(codeHash: string, now: Date): Promise<{ id: string; patient_id: string } | undefined> {
      const [row] = await database.rows<{ id: string; patient_id: string }>(
        sql`select id, patient_id from invitations
             where code_hash = ${codeHash} and kind = 'relative' and used_at is null and revoked_at is null and expires_at > ${now.toISOString()}::timestamptz`,
      );
      return row;
    },

    /**
     * Uses the invitation once (a concurrent second use finds nothing) and grants what it carried;
     * an active grant for the same relative and patient takes the new scopes.
     */
    async consumeInvitation(executor: Executor, invitationId: string, relativeUserId: string, now: Date): Promise<GrantRow | undefined> {
      const [row] = await database.rows<GrantRow>(
        sql`with used as (
              update invitations set used_at = ${now.toISOString()}::timestamptz, used_by = ${relativeUserId}::uuid
               where id = ${invitationId}::uuid and kind = 'relative' and used_at is null and revoked_at is null
                 and expires_at > ${now.toISOString()}::timestamptz
              returning patient_id, grants
            )
            insert into relative_grants (patient_id, relative_user_id, scopes, notify_red, created_at)
            select used.patient_id, ${relativeUserId}::uuid, coalesce(used.grants -> 'scopes', '[]'::jsonb),
                   coalesce((used.grants ->> 'notifyRed')::boolean, false), ${now.toISOString()}::timestamptz
              from used
            on conflict (patient_id, relative_user_id) where revoked_at is null
            do update set scopes = excluded.scopes, notify_red = excluded.notify_red
            returning id, patient_id, relative_user_id, scopes, notify_red, created_at, revoked_at`,
        executor,
      );
      return row;
    },

    async findGrant(grantId: string): Promise<GrantRow | undefined> {
      const [row] = await database.rows<GrantRow>(
        sql`select id, patient_id, relative_user_id, scopes, notify_red, created_at, revoked_at from relative_grants where id = ${grantId}::uuid`,
      );
      return row;
    },

    /** Withdraws an active grant; undefined when it was already withdrawn. */
    async revokeGrant(executor: Executor, grantId: string, now: Date): Promise<GrantRow | undefined> {
      const [row] = await database.rows<GrantRow>(
        sql`update relative_grants set revoked_at = ${now.toISOString()}::timestamptz where id = ${grantId}::uuid and revoked_at is null
            returning id, patient_id, relative_user_id, scopes, notify_red, created_at, revoked_at`,
        executor,
      );
      return row;
    },

    /** Withdraws an unused invitation of this patient; false when there was none to withdraw. */
    async revokeInvitation(executor: Executor, patientId: string, invitationId: string, now: Date): Promise<boolean> {
      const rows = await database.rows<{ id: string }>(
        sql`update invitations set revoked_at = ${now.toISOString()}::timestamptz
             where id = ${invitationId}::uuid and patient_id = ${patientId}::uuid and kind = 'relative' and used_at is null and revoked_at is null
            returning id`,
        executor,
      );
      return rows.length > 0;
    },

    /** The patient's relatives with active access, and the invitations still waiting. */
    async listForPatient(patientId: string, now: Date): Promise<{ relatives: RelativeGrant[]; invitations: PendingInvitation[] }> {
      const grants = await database.rows<GrantRow & { display_name: string; email: string }>(
        sql`select g.id, g.patient_id, g.relative_user_id, g.scopes, g.notify_red, g.created_at, g.revoked_at, u.display_name, u.email
              from relative_grants g join users u on u.id = g.relative_user_id
             where g.patient_id = ${patientId}::uuid and g.revoked_at is null
             order by g.created_at, g.id`,
      );
      const invitations = await database.rows<{ id: string; created_at: string | Date; expires_at: string | Date; grants: { scopes: RelativeScope[]; notifyRed: boolean } | null }>(
        sql`select id, created_at, expires_at, grants from invitations
             where patient_id = ${patientId}::uuid and kind = 'relative' and used_at is null and revoked_at is null
               and expires_at > ${now.toISOString()}::timestamptz
             order by created_at desc, id`,
      );
      return {
        relatives: grants.map((g) => ({ ...toGrant(g), relative: { id: g.relative_user_id, displayName: g.display_name, email: g.email } })),
        invitations: invitations.map((i) => ({
          id: i.id,
          createdAt: iso(i.created_at),
          expiresAt: iso(i.expires_at),
          scopes: i.grants?.scopes ?? [],
          notifyRed: i.grants?.notifyRed ?? false,
        })),
      };
    },

    /** The patients a relative may see now, with what. */
    async activeGrantsFor(relativeUserId: string): Promise<SharedPatient[]> {
      const rows = await database.rows<GrantRow & { patient_name: string }>(
        sql`select g.id, g.patient_id, g.relative_user_id, g.scopes, g.notify_red, g.created_at, g.revoked_at, p.name as patient_name
              from relative_grants g join patients p on p.id = g.patient_id
             where g.relative_user_id = ${relativeUserId}::uuid and g.revoked_at is null
             order by p.name, g.id`,
      );
      return rows.map((g) => toShared(g, g.patient_name));
    },

    async patientName(patientId: string): Promise<string | undefined> {
      const [row] = await database.rows<{ name: string }>(sql`select name from patients where id = ${patientId}::uuid`);
      return row?.name;
    },
  };
}

function toGrant(g: GrantRow): Omit<RelativeGrant, 'relative'> {
  return {
    id: g.id,
    patientId: g.patient_id,
    scopes: g.scopes,
    notifyRed: g.notify_red,
    since: iso(g.created_at),
    revokedAt: g.revoked_at === null ? null : iso(g.revoked_at),
  };
}

export function toShared(g: GrantRow, patientName: string): SharedPatient {
  return { grantId: g.id, patient: { id: g.patient_id, name: patientName }, scopes: g.scopes, notifyRed: g.notify_red, since: iso(g.created_at) };
}

export type RelativeRepository = ReturnType<typeof createRelativeRepository>;
