import { defineEntity, p } from '@mikro-orm/core';

export const customerRoles = ['customer', 'admin'] as const;

export const CustomerSchema = defineEntity({
  name: 'Customer',
  properties: {
    id: p.integer().primary(),
    email: p.string().length(320).unique(),
    passwordHash: p.string().length(200).hidden(),
    role: p.enum(customerRoles).default('customer'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: 'customer_email_lowercase', expression: 'email = lower(email)' }],
});
export class Customer extends CustomerSchema.class {}
CustomerSchema.setClass(Customer);

export const SessionSchema = defineEntity({
  name: 'Session',
  properties: {
    id: p.integer().primary(),
    customer: () => p.manyToOne(Customer).index().deleteRule('cascade'),
    /** Only a hash of the bearer token is stored, so a database leak does not leak sessions. */
    tokenHash: p.string().length(64).unique().hidden(),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class Session extends SessionSchema.class {}
SessionSchema.setClass(Session);
