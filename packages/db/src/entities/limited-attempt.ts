import { defineEntity, p } from '@mikro-orm/core';

/**
 * Logins and registrations counted against their limits, shared by every server on the
 * database. A limit of N per period counts the rows of its key inside the last period (a
 * sliding window), so no moment exists where a window resets and the budget doubles.
 */
export const LimitedAttemptSchema = defineEntity({
  name: 'LimitedAttempt',
  properties: {
    id: p.bigint().primary(),
    key: p.string().length(400),
    at: p.datetime(),
  },
  indexes: [{ name: 'limited_attempt_key_at_index', properties: ['key', 'at'] }],
});
export class LimitedAttempt extends LimitedAttemptSchema.class {}
LimitedAttemptSchema.setClass(LimitedAttempt);
