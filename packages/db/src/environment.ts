import os from 'node:os';
import { z } from 'zod';
import { ConfigError } from './config-error.ts';

/** What the README's configuration table says of a variable; `shownDefault` when the default is not a plain value. */
export interface VariableDoc {
  description: string;
  shownDefault?: string;
}

export const variableDocs = z.registry<VariableDoc>();

function documented<T extends z.ZodType>(schema: T, description: string, shownDefault?: string): T {
  variableDocs.add(schema, shownDefault === undefined ? { description } : { description, shownDefault });
  return schema;
}

// Messages name the problem, never the value: URLs carry passwords.
const postgresUrl = z.string().superRefine((value, context) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    context.addIssue({ code: 'custom', message: 'is not a URL' });
    return;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    context.addIssue({ code: 'custom', message: `must be a postgres:// URL, got ${url.protocol}//` });
  else if (!url.pathname || url.pathname === '/')
    context.addIssue({ code: 'custom', message: 'must name a database' });
});
const commaSeparated = z.string().transform((value) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
const positiveNumber = (max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: 'must be a number' })
    .positive({ error: 'must be greater than 0' })
    .max(max, { error: `must be at most ${max}` });
const flag = z.stringbool({ error: 'must be true or false' });

/**
 * Every environment variable that the server, the CLIs and the bench read, one entry each:
 * name, type, default, description. The README's configuration table is generated from it
 * (`npm run config-table -w @holdfast/db`) and a test fails when the two differ.
 */
export const environmentSchema = z.object({
  NODE_ENV: documented(
    z.enum(['development', 'production', 'test']).default('development'),
    '`production` for a shop that takes real orders: stricter defaults, see Running in production',
  ),
  DATABASE_URL: documented(
    postgresUrl.optional(),
    'the primary, `postgres://user:pass@host:port/db`',
    '(embedded pair)',
  ),
  DATABASE_REPLICA_URLS: documented(
    commaSeparated.pipe(z.array(postgresUrl)).default([]),
    'comma-separated replica URLs',
    'none',
  ),
  DATABASE_POOL_SIZE: documented(
    wholeNumber(1).default(20),
    'connections per pool (each server process has its own pool: the primary sees up to `SERVER_PROCESSES` × this)',
  ),
  DATABASE_ACQUIRE_TIMEOUT_MS: documented(
    wholeNumber(100, 60_000).default(2_000),
    'how long a request waits for a pooled connection (or to open one) before it fails with SERVICE_UNAVAILABLE',
  ),
  PRIMARY_STATEMENT_TIMEOUT_MS: documented(
    wholeNumber(100, 600_000).default(2_000),
    "`statement_timeout` of the request path's primary connections; a server that does not answer within it plus 500 ms (frozen, cut off) has its connection discarded",
  ),
  REPLICA_STATEMENT_TIMEOUT_MS: documented(
    wholeNumber(100, 600_000).default(1_000),
    '`statement_timeout` of replica connections (catalog reads), with the same client-side bound',
  ),
  LOCK_TIMEOUT_MS: documented(
    wholeNumber(10, 600_000).default(1_500),
    "`lock_timeout`: how long a statement waits for a lock; checkout and payment retry for up to 3 s, then answer CONFLICT. Above PostgreSQL's `deadlock_timeout` (1 s), so a deadlock is reported as one",
  ),
  IDLE_IN_TRANSACTION_TIMEOUT_MS: documented(
    wholeNumber(100, 600_000).default(5_000),
    '`idle_in_transaction_session_timeout`: a transaction left open without a statement (a stuck request) is ended and its locks freed',
  ),
  FRESHNESS_BUDGETS_MS: documented(
    commaSeparated
      .pipe(
        z.array(
          z
            .string()
            .regex(/^[\w.]+=\d+$/, { error: 'entries must look like catalog.product=5000' })
            .transform((entry) => entry.split('=') as [string, string]),
        ),
      )
      .transform((entries) => Object.fromEntries(entries.map(([path, ms]) => [path, Number(ms)])))
      .default({}),
    'how stale each replica-read procedure may find its data, overriding its declared budget: `catalog.product=2000,catalog.categories=300000` (see docs/routing.md)',
    'as declared',
  ),
  READ_YOUR_WRITES_WAIT_MS: documented(
    wholeNumber(0, 10_000).default(50),
    "how long a read carrying the caller's write position waits for a replica to replay it before going to the primary",
  ),
  CHECKOUT_CONCURRENCY_PER_VARIANT: documented(
    wholeNumber(1, 1_000).default(4),
    'checkouts of one variant that run at once per server process: buyers of a locked or hot SKU cannot take the whole pool',
  ),
  CHECKOUT_QUEUE_WAIT_MS: documented(
    wholeNumber(0, 60_000).default(3_000),
    'how long a queued checkout waits while no checkout of its variant finishes (a row locked elsewhere) before it is answered CONFLICT (CONTENTION), safe to retry; a moving queue keeps waiting',
  ),
  HTTP_REQUEST_TIMEOUT_MS: documented(
    wholeNumber(1_000, 600_000).default(15_000),
    'how long a client may take to send a whole request (headers and body) before it is answered 408',
  ),
  SERVER_PROCESSES: documented(
    // default() takes a function: the figure is the machine's, read when the environment is
    wholeNumber(1, 1_024).default(() => os.availableParallelism()),
    'server processes sharing the port (Node cluster workers), each with its own pools, sweeper and health monitor',
    'one per core (`os.availableParallelism()`)',
  ),
  PORT: documented(wholeNumber(0, 65_535).default(3000), 'HTTP port (`0`: any free port)'),
  HOST: documented(z.string().default('127.0.0.1'), 'interface to listen on (`0.0.0.0` in containers)'),
  LOG_LEVEL: documented(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    '`debug` logs every query with the server that ran it (string values redacted)',
  ),
  SEED_DEMO_CATALOG: documented(
    flag.optional(),
    'seed the demo catalog into an empty database',
    'true for the embedded database',
  ),
  HOLDFAST_DATA_DIR: documented(
    z.string().optional(),
    'where the embedded pair keeps its data',
    '`.holdfast/pg`',
  ),
  PG_BIN_DIR: documented(
    z.string().optional(),
    "use the machine's PostgreSQL binaries (initdb, pg_ctl, postgres; the bench's pgbench) instead",
    '(npm binaries)',
  ),
  HOLDFAST_PG_USER: documented(
    z.string().optional(),
    'when started as root, the account the embedded PostgreSQL runs as',
    '`postgres`, else `nobody`',
  ),
  SESSION_TTL_HOURS: documented(
    positiveNumber(87_600).default(720),
    'how long a session lasts after signing in',
  ),
  PASSWORD_HASH_CONCURRENCY: documented(
    wholeNumber(1, 64).default(1),
    'password hashes (sign-ups, sign-ins) one server process computes at once; each holds 64 MiB while it runs',
  ),
  PASSWORD_HASH_QUEUE: documented(
    wholeNumber(0, 10_000).default(16),
    'sign-ups and sign-ins one server process keeps waiting for a hash; one more is answered SERVICE_UNAVAILABLE (PASSWORDS_BUSY) with Retry-After',
  ),
  ADMIN_EMAIL: documented(
    z.string().optional(),
    'with `ADMIN_PASSWORD`: the admin account created (or promoted) at start; see Accounts and admin',
    'none',
  ),
  ADMIN_PASSWORD: documented(
    z.string().optional(),
    'the password of `ADMIN_EMAIL` (or of `npm run admin:create`); removed from the environment once read',
    'none',
  ),
  TRUST_PROXY: documented(
    z
      .string()
      .transform((value): boolean | string => (value === 'true' ? true : value === 'false' ? false : value))
      .default(false),
    "`true`, or the proxies' addresses: only then do X-Forwarded-For/-Proto set the client address (the key of per-address limits) and mark requests https (Secure cookies)",
  ),
  ORDER_HOLD_MINUTES: documented(
    positiveNumber().default(15),
    'how long an unpaid order keeps its stock before the sweeper cancels it (fractions allowed)',
  ),
  ORDER_SWEEP_INTERVAL_MS: documented(
    wholeNumber(100).default(30_000),
    'how often each server process looks for expired orders',
  ),
  PANEL_ENABLED: documented(
    flag.optional(),
    'serve the tRPC panel at `/panel` (every procedure with its input schema); in production only to signed-in admins',
    'true outside production',
  ),
  PAYMENT_PROVIDER: documented(
    z.enum(['test', 'stripe']).optional(),
    'who moves the money: `stripe` (with `STRIPE_SECRET_KEY`), or `test`, which moves none (card 4242… is approved); required in production',
    '`test` outside production',
  ),
  ALLOW_TEST_PAYMENTS_IN_PRODUCTION: documented(
    flag.default(false),
    '`true` lets a production server take orders through the test provider, which moves no money (demos only)',
  ),
  STRIPE_SECRET_KEY: documented(
    z.string().optional(),
    'with `PAYMENT_PROVIDER=stripe`: the API key (`sk_…`); removed from the environment once read',
    'none',
  ),
  STRIPE_API_URL: documented(
    z.url({ error: 'must be a URL' }).default('https://api.stripe.com'),
    'where the Stripe-style API answers (a test double, a proxy)',
  ),
  PAYMENT_CURRENCY: documented(
    z
      .string()
      .regex(/^[a-z]{3}$/, { error: 'must be a three-letter ISO code in lower case' })
      .default('usd'),
    'the currency amounts are charged in (their minor unit, as prices are stored)',
  ),
  PAYMENT_WEBHOOK_SECRET: documented(
    z.string().optional(),
    'the HMAC key of `/webhooks/payments`; without it every delivery is refused',
    'none',
  ),
});

export type Environment = z.infer<typeof environmentSchema>;

/**
 * Reads and checks the environment. An empty value counts as unset (so `PORT=` means the
 * default port, not port 0); a wrong one is a ConfigError naming every problem, never a value.
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const set = Object.fromEntries(
    Object.keys(environmentSchema.shape)
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => [name, env[name]]),
  );
  const parsed = environmentSchema.safeParse(set);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const [name, ...rest] = issue.path;
    return `${String(name)}${rest.map((index) => `[${String(index)}]`).join('')} ${issue.message}`;
  });
  throw new ConfigError(problems.join('; '));
}
