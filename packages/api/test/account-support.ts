import type { TestDatabase } from '@holdfast/db/testing';
import type { ScryptCost } from '../src/accounts/passwords.ts';
import { type AccountSettings, configureAccounts } from '../src/accounts/settings.ts';
import { ensureAdmin } from '../src/admin/admins.ts';
import type { RequestDetails, SessionCookie } from '../src/context.ts';
import { newCaller } from './support.ts';

/** Cheap enough for hundreds of logins per test file; production keeps the memory-hard default. */
export const testPasswordCost: ScryptCost = { logN: 10, r: 8, p: 1 };

export function testAccounts(t: TestDatabase, settings: Partial<AccountSettings> = {}) {
  return configureAccounts(t.db, { passwordCost: testPasswordCost, ...settings });
}

/** A SessionCookie that remembers what the API asked the transport to do. */
export function recordingCookie() {
  const changes: ({ set: string; expiresAt: Date } | 'clear')[] = [];
  const cookie: SessionCookie = {
    set: (token, expiresAt) => void changes.push({ set: token, expiresAt }),
    clear: () => void changes.push('clear'),
  };
  return { cookie, changes };
}

export interface Account {
  email: string;
  password: string;
  token: string;
  customerId: number;
  /** A caller presenting this account's session token, as one request would. */
  as(request?: RequestDetails): ReturnType<typeof newCaller>;
}

let accounts = 0;

export function uniqueEmail(label: string): string {
  accounts++;
  return `${label}-${accounts}-${Date.now().toString(36)}@example.com`;
}

/** Registers a customer (or, with `admin`, creates an admin the way the CLI does) and signs in. */
export async function signedInAccount(
  t: TestDatabase,
  label: string,
  { admin = false }: { admin?: boolean } = {},
): Promise<Account> {
  const email = uniqueEmail(label);
  const password = `correct horse ${label} staple`;
  const clientIp = `10.9.${accounts % 250}.1`;
  if (admin) await ensureAdmin(t.db, { email, password }, { existingAdmin: 'keep' });
  const { api } = newCaller(t, { clientIp });
  const signedIn = admin
    ? await api.account.login({ email, password })
    : await api.account.register({ email, password });
  return {
    email,
    password,
    token: signedIn.token,
    customerId: signedIn.customer.id,
    as: (request = {}) => newCaller(t, { sessionToken: signedIn.token, ...request }),
  };
}
