import type { Database } from '@holdfast/db';
import { AttemptLimiter, type AttemptLimits, defaultAttemptLimits } from './attempt-limits.ts';
import { defaultScryptCost, type ScryptCost } from './passwords.ts';

export interface AccountSettings {
  sessionTtlMs: number;
  /** Tests may lower it; nothing reads it from the environment, so production keeps the default. */
  passwordCost: ScryptCost;
  attemptLimits: AttemptLimits;
}

export interface Accounts {
  settings: AccountSettings;
  limiter: AttemptLimiter;
}

export const defaultSessionTtlHours = 720;

const defaults: AccountSettings = {
  sessionTtlMs: defaultSessionTtlHours * 3_600_000,
  passwordCost: defaultScryptCost,
  attemptLimits: defaultAttemptLimits,
};
const accountsByDatabase = new WeakMap<Database, Accounts>();

/** Sets session lifetime, password cost and attempt limits for everything that runs on this database. */
export function configureAccounts(db: Database, settings: Partial<AccountSettings> = {}): Accounts {
  const complete = { ...defaults, ...settings };
  const accounts = { settings: complete, limiter: new AttemptLimiter(db, complete.attemptLimits) };
  accountsByDatabase.set(db, accounts);
  return accounts;
}

export function accountsFor(db: Database): Accounts {
  return accountsByDatabase.get(db) ?? configureAccounts(db);
}
