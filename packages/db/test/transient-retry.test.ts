import { DeadlockException, DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { ContentionError, retryTransient } from '../src/primary-transaction.ts';

function failingTimes<T>(failures: unknown[], result: T) {
  let calls = 0;
  const work = async () => {
    const failure = failures[calls++];
    if (failure) throw failure;
    return result;
  };
  return { work, calls: () => calls };
}

const lockTimeout = Object.assign(new DriverException(new Error('canceling statement due to lock timeout')), {
  code: '55P03',
});

// as node-postgres throws it: what a QueryBuilder's failure looks like, MikroORM not converting it
const serializationFailure = Object.assign(new Error('could not serialize access due to concurrent update'), {
  code: '40001',
});

describe('retryTransient', () => {
  it('runs the work again after deadlocks, serialization failures and lock timeouts', async () => {
    const { work, calls } = failingTimes(
      [new DeadlockException(new Error('deadlock detected')), lockTimeout, serializationFailure],
      'done',
    );
    expect(await retryTransient(work)).toBe('done');
    expect(calls()).toBe(4);
  });

  it('gives up after five attempts with a ContentionError, not the database error', async () => {
    const deadlocks = Array.from({ length: 5 }, () => new DeadlockException(new Error('deadlock detected')));
    const { work, calls } = failingTimes(deadlocks, 'never');
    await expect(retryTransient(work)).rejects.toBeInstanceOf(ContentionError);
    expect(calls()).toBe(5);
  });

  it('passes any other failure through at once', async () => {
    const unique = new UniqueConstraintViolationException(new Error('duplicate key'));
    const { work, calls } = failingTimes([unique], 'never');
    await expect(retryTransient(work)).rejects.toBe(unique);
    expect(calls()).toBe(1);
  });
});
