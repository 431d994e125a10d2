import { Customer, type Database, type EntityManager, primaryTransaction } from '@holdfast/db';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { claimGuestCart } from '../cart/cart-merge.ts';
import { appError, reasonOf } from '../errors.ts';
import type { AttemptLimiter, RecordedAttempts } from './attempt-limits.ts';
import {
  decoyHash,
  hashPassword,
  needsRehash,
  refuseWhileHashesFull,
  type ScryptCost,
  verifyPassword,
} from './passwords.ts';
import type { LoginInput, RegisterInput } from './schemas.ts';
import {
  type CallerSession,
  type CustomerRole,
  type OpenedSession,
  openSession,
  revokeSession,
} from './sessions.ts';
import { type AccountSettings, accountsFor } from './settings.ts';

export interface CustomerView {
  id: number;
  email: string;
  role: CustomerRole;
}

export interface SignedIn extends OpenedSession {
  customer: CustomerView;
  /** The cart to shop with from now on (the guest cart, kept or merged), or null when there is none. */
  cartToken: string | null;
}

/** What the transport told the API about the request. */
export interface Caller {
  clientIp: string | undefined;
  /** The token the request came with, if any: a sign-in replaces that session. */
  sessionToken: string | undefined;
}

function customerView({ id, email, role }: Customer): CustomerView {
  return { id, email, role };
}

export async function register(db: Database, input: RegisterInput, caller: Caller): Promise<SignedIn> {
  const { settings, limiter } = accountsFor(db);
  refuseWhileHashesFull();
  const attempts = await limiter.admitRegistration(input.email, caller.clientIp);
  const passwordHash = await givenBackIfBusy(limiter, attempts, () =>
    hashPassword(input.password, settings.passwordCost),
  );
  try {
    return await primaryTransaction(db, async (tx) => {
      const customer = tx.create(Customer, { email: input.email, passwordHash, role: 'customer' });
      await tx.flush();
      return signIn(tx, customer, input.cartToken, settings, caller);
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    throw appError(
      'BAD_REQUEST',
      'No account could be made with these details. If you already have one, sign in instead.',
      { reason: 'REGISTRATION_REFUSED' },
    );
  }
}

/**
 * One answer, and about the same time, for an unknown email and a wrong password. Attempts
 * are limited per email and per address before any password is checked.
 */
export async function login(db: Database, input: LoginInput, caller: Caller): Promise<SignedIn> {
  const { settings, limiter } = accountsFor(db);
  refuseWhileHashesFull();
  const attempts = await limiter.admitLogin(input.email, caller.clientIp);
  const customer = await db.primaryEm().findOne(Customer, { email: input.email });
  const matches = await givenBackIfBusy(limiter, attempts, async () =>
    verifyPassword(input.password, customer?.passwordHash ?? (await decoyHash(settings.passwordCost))),
  );
  if (!customer || !matches) throw appError('UNAUTHORIZED', 'Wrong email or password');
  await limiter.loginSucceeded(input.email);
  const rehashed = needsRehash(customer.passwordHash, settings.passwordCost)
    ? await rehashUnlessBusy(input.password, settings.passwordCost)
    : undefined;
  return primaryTransaction(db, async (tx) => {
    const signedIn = await tx.findOneOrFail(Customer, customer.id);
    if (rehashed) signedIn.passwordHash = rehashed;
    return signIn(tx, signedIn, input.cartToken, settings, caller);
  });
}

/**
 * A password this process had no room to hash was never checked: the attempt counts against
 * neither the address nor the email, so a burst of sign-ins cannot lock anyone out. Most of a
 * burst is turned away before its attempts are recorded (refuseWhileHashesFull); these are the
 * ones whose turn came after the queue filled behind them.
 */
async function givenBackIfBusy<T>(
  limiter: AttemptLimiter,
  attempts: RecordedAttempts,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (reasonOf(error) === 'PASSWORDS_BUSY') await limiter.giveBack(attempts);
    throw error;
  }
}

/** The upgrade of a hash made at a lower cost can wait for a later sign-in; a checked password must not fail over it. */
async function rehashUnlessBusy(password: string, cost: ScryptCost): Promise<string | undefined> {
  try {
    return await hashPassword(password, cost);
  } catch (error) {
    if (reasonOf(error) === 'PASSWORDS_BUSY') return undefined;
    throw error;
  }
}

async function signIn(
  tx: EntityManager,
  customer: Customer,
  guestCartToken: string | undefined,
  settings: AccountSettings,
  caller: Caller,
): Promise<SignedIn> {
  // a sign-in never keeps the session it replaces (fixation, or a switch of account on a shared device)
  await revokeSession(tx, caller.sessionToken);
  const session = openSession(tx, customer.id, settings.sessionTtlMs);
  const cartToken = await claimGuestCart(tx, customer.id, guestCartToken);
  await tx.flush();
  return { ...session, customer: customerView(customer), cartToken };
}

/** Revokes the presented session; signing out without one (or with a dead one) is not an error. */
export async function logout(db: Database, sessionToken: string | undefined): Promise<void> {
  await revokeSession(db.primaryEm(), sessionToken);
}

export async function currentCustomer(db: Database, session: CallerSession): Promise<CustomerView> {
  const customer = await db.primaryEm().findOne(Customer, session.customerId);
  if (!customer) throw appError('UNAUTHORIZED', 'Not signed in, or the session has ended');
  return customerView(customer);
}
