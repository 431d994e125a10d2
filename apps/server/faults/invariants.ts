import { checkConsistency } from '@holdfast/db';
import type { TestDatabase } from '@holdfast/db/testing';
import { expect } from 'vitest';

/**
 * What every fault scenario ends on: db:check finds nothing (stock = ledger, none negative,
 * paid orders captured), every order a client was told about exists, and no variant sold more
 * than it had.
 */
export async function expectInvariants(
  t: TestDatabase,
  {
    acknowledged,
    variantId,
    initialStock,
  }: { acknowledged: string[]; variantId: number; initialStock: number },
): Promise<void> {
  // orders placed in the scenario are within their hold; this check is about everything else
  const findings = await t.db.withoutTimeouts((orm) =>
    checkConsistency(orm.em.fork(), { holdMs: 60 * 60_000, graceMs: 0 }),
  );
  expect(findings).toEqual([]);
  const present = await t.sql<{ number: string }>(
    'primary',
    'select number from orders where number = any($1)',
    [acknowledged],
  );
  expect(present.map(({ number }) => number).sort()).toEqual([...acknowledged].sort());
  const [sold] = await t.sql<{ quantity: number }>(
    'primary',
    `select coalesce(sum(l.quantity), 0)::int as quantity from order_line l join orders o on o.id = l.order_id
      where l.variant_id = $1 and o.status <> 'cancelled'`,
    [variantId],
  );
  expect(sold?.quantity).toBeLessThanOrEqual(initialStock);
}
