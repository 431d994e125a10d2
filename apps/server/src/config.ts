import {
  adminAccountInput,
  type CheckoutBulkheadSettings,
  checkoutBulkheadSettings,
  type HashingLimits,
  hashingLimits,
  replicaReadBudgetsMs,
} from '@holdfast/api';
import { ConfigError, type Environment } from '@holdfast/db';
import type { OrderSweeperConfig } from './order-sweeper.ts';

export type PanelAccess = 'off' | 'everyone' | 'admins';

export type PaymentConfig =
  | { provider: 'test' }
  | { provider: 'stripe'; secretKey: string; apiUrl: string; currency: string };

export interface ServerConfig {
  port: number;
  host: string;
  logLevel: string;
  seedDemoCatalog: boolean;
  sessionTtlHours: number;
  /** ADMIN_EMAIL + ADMIN_PASSWORD: the account made (or promoted to) admin at start. */
  admin: { email: string; password: string } | undefined;
  /** Fastify's trustProxy: behind a proxy, the client address and https come from X-Forwarded-* only when this says so. */
  trustProxy: boolean | string;
  sweeper: OrderSweeperConfig;
  paymentWebhookSecret: string | undefined;
  payments: PaymentConfig;
  /** Who may open /panel: it lists every procedure, admin ones included, with its input schema. */
  panel: PanelAccess;
  /** FRESHNESS_BUDGETS_MS: per-procedure overrides of the declared freshness budgets. */
  freshnessBudgetsMs: Record<string, number>;
  /** READ_YOUR_WRITES_WAIT_MS: how long a read waits for a replica to replay the caller's write. */
  replayWaitMs: number;
  /** HTTP_REQUEST_TIMEOUT_MS: how long a client may take to send a whole request. */
  requestTimeoutMs: number;
  checkoutBulkhead: CheckoutBulkheadSettings;
  /** PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE: what one process's sign-ins may take of its memory. */
  passwordHashing: HashingLimits;
}

/** The server's settings from the checked environment (readEnvironment), plus the rules that span variables. */
export function serverConfig(environment: Environment): ServerConfig {
  const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = environment;
  if (Boolean(email) !== Boolean(password))
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither');
  const admin = email ? adminAccountInput.safeParse({ email, password }) : undefined;
  if (admin && !admin.success) {
    // the issues' messages only: never the password itself
    const problems = admin.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`ADMIN_EMAIL / ADMIN_PASSWORD: ${problems.join('; ')}`);
  }
  const unknownBudgets = Object.keys(environment.FRESHNESS_BUDGETS_MS).filter(
    (path) => !(path in replicaReadBudgetsMs),
  );
  if (unknownBudgets.length)
    throw new ConfigError(
      `FRESHNESS_BUDGETS_MS names ${unknownBudgets.join(', ')}; only these read from replicas: ${Object.keys(replicaReadBudgetsMs).join(', ')}`,
    );
  return {
    payments: paymentsFrom(environment),
    panel: panelAccessFrom(environment),
    port: environment.PORT,
    host: environment.HOST,
    logLevel: environment.LOG_LEVEL,
    seedDemoCatalog: environment.SEED_DEMO_CATALOG ?? !environment.DATABASE_URL,
    sessionTtlHours: environment.SESSION_TTL_HOURS,
    admin: admin?.data,
    trustProxy: environment.TRUST_PROXY,
    sweeper: {
      holdMs: Math.round(environment.ORDER_HOLD_MINUTES * 60_000),
      intervalMs: environment.ORDER_SWEEP_INTERVAL_MS,
    },
    paymentWebhookSecret: environment.PAYMENT_WEBHOOK_SECRET,
    freshnessBudgetsMs: environment.FRESHNESS_BUDGETS_MS,
    replayWaitMs: environment.READ_YOUR_WRITES_WAIT_MS,
    requestTimeoutMs: environment.HTTP_REQUEST_TIMEOUT_MS,
    checkoutBulkhead: checkoutBulkheadSettings(environment),
    passwordHashing: hashingLimits(environment),
  };
}

/** A production shop must name who moves its money; the test provider approves 4242… and moves none. */
function paymentsFrom(environment: Environment): PaymentConfig {
  const production = environment.NODE_ENV === 'production';
  const provider = environment.PAYMENT_PROVIDER ?? (production ? undefined : 'test');
  if (!provider) throw new ConfigError('PAYMENT_PROVIDER must be set in production (`test` moves no money)');
  if (provider === 'test' && production && !environment.ALLOW_TEST_PAYMENTS_IN_PRODUCTION)
    throw new ConfigError(
      'PAYMENT_PROVIDER=test in production marks orders paid while no money moves; set ALLOW_TEST_PAYMENTS_IN_PRODUCTION=true if that is what you want',
    );
  if (provider === 'test') return { provider };
  if (!environment.STRIPE_SECRET_KEY)
    throw new ConfigError('PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY');
  return {
    provider,
    secretKey: environment.STRIPE_SECRET_KEY,
    apiUrl: environment.STRIPE_API_URL,
    currency: environment.PAYMENT_CURRENCY,
  };
}

function panelAccessFrom({ NODE_ENV, PANEL_ENABLED }: Environment): PanelAccess {
  if (NODE_ENV === 'production') return PANEL_ENABLED ? 'admins' : 'off';
  return PANEL_ENABLED === false ? 'off' : 'everyone';
}
