import { adminAccountInput, defaultSessionTtlHours, replicaReadBudgetsMs } from '@holdfast/api';
import { ConfigError, type DatabaseConfig, databaseConfigFromEnv } from '@holdfast/db';

export interface ServerConfig {
  port: number;
  host: string;
  logLevel: string;
  /** With no DATABASE_URL, the server starts its own primary + replica in .holdfast/. */
  embeddedDatabase: boolean;
  seedDemoCatalog: boolean;
  sessionTtlHours: number;
  /** ADMIN_EMAIL + ADMIN_PASSWORD: the account made (or promoted to) admin at start. */
  admin: { email: string; password: string } | undefined;
  /** Fastify's trustProxy: behind a proxy, the client address and https come from X-Forwarded-* only when this says so. */
  trustProxy: boolean | string;
  /** FRESHNESS_BUDGETS_MS: per-procedure overrides of the declared freshness budgets. */
  freshnessBudgetsMs: Record<string, number>;
  /** READ_YOUR_WRITES_WAIT_MS: how long a read waits for a replica to replay the caller's write. */
  replayWaitMs: number;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function serverConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('PORT must be an integer 0-65535');
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!logLevels.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}`);
  const embeddedDatabase = !env.DATABASE_URL;
  const sessionTtlHours = Number(env.SESSION_TTL_HOURS || defaultSessionTtlHours);
  if (!Number.isFinite(sessionTtlHours) || sessionTtlHours <= 0 || sessionTtlHours > 87_600)
    throw new ConfigError(
      'SESSION_TTL_HOURS must be a number of hours, more than 0 and at most 87600 (ten years)',
    );
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD))
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither');
  const admin = env.ADMIN_EMAIL
    ? adminAccountInput.safeParse({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD })
    : undefined;
  if (admin && !admin.success) {
    // the issues' messages only: never the password itself
    const problems = admin.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`ADMIN_EMAIL / ADMIN_PASSWORD: ${problems.join('; ')}`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    logLevel,
    embeddedDatabase,
    seedDemoCatalog: env.SEED_DEMO_CATALOG ? env.SEED_DEMO_CATALOG === 'true' : embeddedDatabase,
    sessionTtlHours,
    admin: admin?.data,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    freshnessBudgetsMs: parseFreshnessBudgets(env.FRESHNESS_BUDGETS_MS),
    replayWaitMs: parseReplayWait(env.READ_YOUR_WRITES_WAIT_MS),
  };
}

/** `catalog.product=2000,catalog.categories=300000`: only procedures that read from replicas. */
function parseFreshnessBudgets(value: string | undefined): Record<string, number> {
  const budgets: Record<string, number> = {};
  for (const part of (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const [path = '', ms = ''] = part.split('=').map((side) => side.trim());
    if (!(path in replicaReadBudgetsMs))
      throw new ConfigError(
        `FRESHNESS_BUDGETS_MS: ${path} is not a procedure that reads from replicas (${Object.keys(replicaReadBudgetsMs).join(', ')})`,
      );
    const budget = Number(ms);
    if (!/^\d+$/.test(ms) || budget <= 0)
      throw new ConfigError(`FRESHNESS_BUDGETS_MS: ${path} needs a positive whole number of ms`);
    budgets[path] = budget;
  }
  return budgets;
}

function parseReplayWait(value: string | undefined): number {
  if (value === undefined || value === '') return 50;
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms > 10_000)
    throw new ConfigError('READ_YOUR_WRITES_WAIT_MS must be a whole number of ms from 0 to 10000');
  return ms;
}

/** 'true' (any proxy), or the proxies' addresses, comma-separated, CIDR ranges allowed. */
function parseTrustProxy(value: string | undefined): boolean | string {
  if (!value || value === 'false') return false;
  return value === 'true' ? true : value;
}

export { ConfigError, type DatabaseConfig, databaseConfigFromEnv };
