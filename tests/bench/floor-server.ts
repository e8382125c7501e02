/**
 * The floor: a bare Express 5 endpoint that does what a submission must cost at least — parse the JSON
 * body, then BEGIN; INSERT measurement; INSERT alert; INSERT audit; COMMIT through postgres.js, on the
 * real schema. No auth, validation, triage or emit. Started by run.ts in its own process.
 *
 * Env: DATABASE_URL, PORT, HOST (default 127.0.0.1). Prints `listening <port>` when ready.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import postgres from 'postgres';

interface FloorBody {
  id: string;
  patientId: string;
  kind: string;
  value: number;
  unit: string;
  measuredAt: string;
  source: string;
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
// Same pool size and options as the server's client (server/src/db/client.ts).
const sql = postgres(databaseUrl, { max: Number(process.env.DATABASE_POOL_SIZE ?? 8), onnotice: () => undefined, connection: { application_name: 'naer-floor' } });

// entered_by as the server writes it (the patient's user), looked up once instead of per request.
const userOf = new Map<string, string>();
for (const row of await sql<Array<{ id: string; user_id: string | null }>>`select id, user_id from patients`) {
  if (row.user_id) userOf.set(row.id, row.user_id);
}

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '256kb' }));

app.post('/api/measurements', async (req, res) => {
  const b = req.body as FloorBody;
  const now = new Date().toISOString();
  const userId = userOf.get(b.patientId) ?? null;
  const original = JSON.stringify(b.value);
  await sql.begin(async (tx) => {
    await tx`
      insert into measurements (id, patient_id, kind, value, value2, unit, original_value, original_unit, measured_at, received_at,
                                source, device, quality, entered_by, triage_level, triage_reasons, limit_id, payload_hash)
      values (${b.id}::uuid, ${b.patientId}::uuid, ${b.kind}::measurement_kind, ${b.value}, ${null}, ${b.unit}, ${original}::jsonb, ${b.unit},
              ${b.measuredAt}::timestamptz, ${now}::timestamptz, ${b.source}::measurement_source, ${null}::jsonb, 'ok', ${userId}::uuid,
              'green', '[]'::jsonb, ${null}::uuid, ${b.id})`;
    // A rule per measurement: every floor alert is a fresh insert (never an upsert on an open alert).
    await tx`
      insert into alerts (patient_id, rule, severity, reasons, opened_at, updated_at, last_measurement_id)
      values (${b.patientId}::uuid, ${`floor:${b.id}`}, 'red', '[]'::jsonb, ${now}::timestamptz, ${now}::timestamptz, ${b.id}::uuid)`;
    await tx`
      insert into audit_log (at, user_id, role, organisation_id, patient_id, resource, action, outcome, ip, details)
      values (${now}::timestamptz, ${userId}::uuid, 'patient', ${null}::uuid, ${b.patientId}::uuid, 'measurement', 'create', 'allowed',
              ${req.ip ?? null}, ${JSON.stringify({ measurementId: b.id })}::jsonb)`;
  });
  res.status(201).json({ id: b.id, patientId: b.patientId, kind: b.kind, value: b.value, unit: b.unit, measuredAt: b.measuredAt, receivedAt: now });
});

app.get('/api/health', (_req, res) => {
  res.json({ status: 'ok' });
});

const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});

const stop = () => {
  server.closeAllConnections();
  server.close(() => {
    void sql.end({ timeout: 5 }).then(() => process.exit(0));
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
