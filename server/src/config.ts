import { z } from 'zod';

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Set to "false" to start with an empty database. */
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** Directory of the built web app; empty when the API runs alone. */
  WEB_BUILD_DIR: z.string().optional(),
  /**
   * PostgreSQL connections per node. Few is faster: statements outside a transaction are pipelined on a
   * connection, and PostgreSQL does best with a few backends per core (a pool of 8 instead of 20 gave
   * ~20 % more submissions per second on 2 cores). Ignored on PGlite.
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(8),
  /** Set to "false" on nodes that only answer requests: escalation and missing-reading checks then run on the others. */
  RUN_JOBS: z.enum(['true', 'false']).default('true'),
  /** How often escalation and missing-reading checks run on this node (they claim work with locks). */
  JOB_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** How often this node sends due webhook deliveries (they are claimed with locks, so several nodes may). */
  WEBHOOK_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(1_000),
  /** How long a delivery in flight stays this node's; after a crash another node (or a restart) retries it then. */
  WEBHOOK_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
  /** Express "trust proxy": which proxies may set X-Forwarded-For (login throttling and audit use the client address). */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((value) => (value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value)),
  /**
   * STUN/TURN servers for video calls, as JSON: `[{"urls":"turn:turn.example.dk:3478","username":"naer","credential":"…"}]`.
   * None is needed on one machine or one network; see README "Video consultations" for coturn.
   */
  ICE_SERVERS: z
    .string()
    .default('[]')
    .transform((value, ctx) => {
      try {
        const parsed: unknown = JSON.parse(value);
        const servers = z.array(z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() })).parse(parsed);
        return servers;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of { urls, username?, credential? }' });
        return z.NEVER;
      }
    }),
});

export type Config = z.infer<typeof ConfigSchema>;

/** The only reader of process.env: parsed once, with a clear message per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
