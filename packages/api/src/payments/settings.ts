import type { Database } from '@holdfast/db';
import type { PaymentProvider } from './provider.ts';

export interface PaymentSettings {
  provider: PaymentProvider;
  /** How long one provider call may take before the payment counts as failed. */
  callTimeoutMs: number;
  /** How long a payment waiting for the customer's confirmation (3-D Secure) holds its order. */
  confirmationWindowMs: number;
}

const defaults = { callTimeoutMs: 10_000, confirmationWindowMs: 10 * 60_000 };
const settingsByDatabase = new WeakMap<Database, PaymentSettings>();

/**
 * Chooses the provider (and its limits) for everything that runs on this database. There is no
 * default: a process that never chose must not quietly take orders through the test provider.
 */
export function configurePayments(
  db: Database,
  settings: Pick<PaymentSettings, 'provider'> & Partial<PaymentSettings>,
): PaymentSettings {
  const complete = { ...defaults, ...settings };
  settingsByDatabase.set(db, complete);
  return complete;
}

export function paymentSettingsFor(db: Database): PaymentSettings {
  const settings = settingsByDatabase.get(db);
  if (!settings) throw new Error('payments are not configured: call configurePayments first');
  return settings;
}

/**
 * How long one request owns a payment attempt: authorize, capture and a void can each take a
 * full call timeout, and the lease must outlast them or another request could start a second attempt.
 */
export function attemptLeaseMs(settings: PaymentSettings): number {
  return settings.callTimeoutMs * 4;
}
