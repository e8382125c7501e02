import { sql } from 'drizzle-orm';
import type { OrganisationType } from '@naer/shared';
import type { Database } from '../../db/client';

/** One group of audit records: one person, kind of data, action and outcome on one calendar day. */
export interface GroupRow {
  day: string;
  user_id: string | null;
  role: string | null;
  organisation_id: string | null;
  resource: string;
  action: string;
  outcome: string;
  count: number;
  first_at: string | Date;
  last_at: string | Date;
  display_name: string | null;
  job_title: string | null;
  org_name: string | null;
  org_type: OrganisationType | null;
  window_start: string | Date;
  more: boolean;
  patient_user_id: string | null;
}

/** Reads of a patient's audit trail, for "who has looked at my data". */
export function createAccessLogRepository(database: Database) {
  return {
    /**
     * The groups of the `days` calendar days (in `timeZone`) that end on the newest day with entries
     * before `before`, newest first; `more` says whether older entries exist. Without `includeOwn`,
     * the patient's own use is left out.
     */
    async groups(patientId: string, before: Date, o: { includeOwn: boolean; days: number; timeZone: string }): Promise<GroupRow[]> {
      // A literal, as the zone is code, not input: the day expressions must match exactly for grouping.
      const zone = sql.raw(`'${o.timeZone.replaceAll("'", "''")}'`);
      const own = o.includeOwn ? sql`true` : sql`(pu.user_id is null or a.user_id is distinct from pu.user_id)`;
      return database.rows<GroupRow>(sql`
        with pu as (select user_id from patients where id = ${patientId}::uuid),
        latest as (
          select a.at from audit_log a, pu
           where a.patient_id = ${patientId}::uuid and a.at < ${before.toISOString()}::timestamptz and ${own}
           order by a.at desc limit 1
        ),
        win as (
          select (date_trunc('day', latest.at at time zone ${zone}) - make_interval(days => ${o.days - 1}::int)) at time zone ${zone} as start
            from latest
        ),
        groups as (
          select to_char(a.at at time zone ${zone}, 'YYYY-MM-DD') as day, a.user_id, a.role, a.organisation_id,
                 a.resource, a.action, a.outcome, count(*)::int as count, min(a.at) as first_at, max(a.at) as last_at
            from audit_log a, pu, win
           where a.patient_id = ${patientId}::uuid and a.at >= win.start and a.at < ${before.toISOString()}::timestamptz and ${own}
           group by 1, 2, 3, 4, 5, 6, 7
        )
        select g.*, u.display_name, u.job_title, o.name as org_name, o.type as org_type, win.start as window_start,
               (select pu.user_id from pu) as patient_user_id,
               exists (select 1 from audit_log a, pu where a.patient_id = ${patientId}::uuid and a.at < win.start and ${own}) as more
          from groups g cross join win
          left join users u on u.id = g.user_id
          left join organisations o on o.id = g.organisation_id
         order by g.last_at desc, g.resource, g.action, g.user_id nulls last`);
    },
  };
}

export type AccessLogRepository = ReturnType<typeof createAccessLogRepository>;
