import { Customer, type Database, primaryTransaction, Session } from '@holdfast/db';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';
import { hashPassword } from '../accounts/passwords.ts';
import { registerInput } from '../accounts/schemas.ts';
import { accountsFor } from '../accounts/settings.ts';

export const adminAccountInput = registerInput.pick({ email: true, password: true });
export type AdminAccountInput = z.input<typeof adminAccountInput>;

export type AdminOutcome = 'created' | 'promoted' | 'password_reset' | 'already_admin';

export interface EnsureAdminOptions {
  /** What to do when the email is an admin already: keep it as it is (server start) or set the given password (the CLI). */
  existingAdmin: 'keep' | 'reset_password';
}

/**
 * Makes the account with this email an admin whose password is the one given: created, or
 * promoted. Promoting also sets the password and ends every session the account had, so
 * someone who registered the email first does not inherit admin rights.
 */
export async function ensureAdmin(
  db: Database,
  account: AdminAccountInput,
  { existingAdmin }: EnsureAdminOptions,
): Promise<AdminOutcome> {
  const parsed = adminAccountInput.safeParse(account);
  if (!parsed.success) throw new Error(`Invalid admin account: ${z.prettifyError(parsed.error)}`);
  const { email, password } = parsed.data;
  const current = await db.primaryEm().findOne(Customer, { email });
  if (current?.role === 'admin' && existingAdmin === 'keep') return 'already_admin';
  const passwordHash = await hashPassword(password, accountsFor(db).settings.passwordCost);
  try {
    return await primaryTransaction(db, async (tx): Promise<AdminOutcome> => {
      const customer = await tx.findOne(Customer, { email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!customer) {
        tx.create(Customer, { email, passwordHash, role: 'admin' });
        return 'created';
      }
      if (customer.role === 'admin' && existingAdmin === 'keep') return 'already_admin';
      const outcome = customer.role === 'admin' ? 'password_reset' : 'promoted';
      customer.role = 'admin';
      customer.passwordHash = passwordHash;
      await tx.nativeUpdate(Session, { customer, revokedAt: null }, { revokedAt: new Date() });
      return outcome;
    });
  } catch (error) {
    // another process created it between our read and our insert: now it exists, so run again
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    return ensureAdmin(db, account, { existingAdmin });
  }
}
