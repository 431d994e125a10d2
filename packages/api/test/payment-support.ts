import { randomBytes } from 'node:crypto';
import type { TestDatabase } from '@holdfast/db/testing';
import { expect } from 'vitest';
import { testCards } from '../src/payments/test-provider.ts';
import { newCaller } from './support.ts';

export type CartLines = [variantId: number, quantity: number][];

/** A new buyer (a context of their own) whose cart became an order awaiting payment. */
export async function placedOrder(t: TestDatabase, lines: CartLines, email = 'payer@example.com') {
  const buyer = newCaller(t);
  const { token } = await buyer.api.cart.create();
  let totalCents = 0;
  for (const [variantId, quantity] of lines) {
    ({ totalCents } = await buyer.api.cart.setItem({ token, variantId, quantity }));
  }
  const order = await buyer.api.checkout.placeOrder({
    cartToken: token,
    email,
    expectedTotal: totalCents,
    idempotencyKey: uniqueKey('order'),
  });
  return { ...buyer, order, email };
}

export function card(number: string = testCards.succeeds) {
  return { number, expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: '123' };
}

export function uniqueKey(prefix: string): string {
  return `${prefix}-${randomBytes(8).toString('hex')}`;
}

/**
 * The invariants every test here ends on: each variant's stock equals the sum of its ledger;
 * every ledger entry that names an order belongs to a real order; an order still holding stock
 * (awaiting payment, paid) has exactly its lines taken out, and a closed one (cancelled,
 * payment failed) has had each line taken out once and put back once.
 */
export async function expectConsistentStock(t: TestDatabase): Promise<void> {
  expect(
    await t.sql(
      'primary',
      `select v.id, v.stock_on_hand, coalesce(sum(m.delta), 0)::int as ledger
         from variant v left join stock_movement m on m.variant_id = v.id
        group by v.id having v.stock_on_hand <> coalesce(sum(m.delta), 0)`,
    ),
    'variants whose stock differs from their ledger',
  ).toEqual([]);
  expect(
    await t.sql(
      'primary',
      `select m.id from stock_movement m
        where m.reason <> 'initial' and m.reason <> 'adjustment'
          and (m.order_id is null or not exists (select 1 from orders o where o.id = m.order_id))`,
    ),
    'stock taken or returned without an order',
  ).toEqual([]);
  expect(
    await t.sql(
      'primary',
      `select o.number, o.status, l.id as line, l.quantity,
              (select coalesce(sum(-m.delta), 0)::int from stock_movement m
                where m.order_id = o.id and m.variant_id = l.variant_id and m.reason = 'order') as taken,
              (select count(*)::int from stock_movement m
                where m.order_id = o.id and m.variant_id = l.variant_id
                  and m.reason in ('order_cancelled', 'payment_failed')) as returns,
              (select coalesce(sum(m.delta), 0)::int from stock_movement m
                where m.order_id = o.id and m.variant_id = l.variant_id
                  and m.reason in ('order_cancelled', 'payment_failed')) as returned
         from orders o join order_line l on l.order_id = o.id
        where not (
          l.quantity = (select coalesce(sum(-m.delta), 0) from stock_movement m
                         where m.order_id = o.id and m.variant_id = l.variant_id and m.reason = 'order')
          and case when o.status in ('awaiting_payment', 'paid', 'fulfilled')
                   then not exists (select 1 from stock_movement m where m.order_id = o.id
                                     and m.reason in ('order_cancelled', 'payment_failed'))
                   else (select count(*) from stock_movement m where m.order_id = o.id
                          and m.variant_id = l.variant_id and m.reason in ('order_cancelled', 'payment_failed')) = 1
                    and (select sum(m.delta) from stock_movement m where m.order_id = o.id
                          and m.variant_id = l.variant_id and m.reason in ('order_cancelled', 'payment_failed')) = l.quantity
              end)`,
    ),
    'orders whose ledger entries do not match their lines and status',
  ).toEqual([]);
}

/** The order, its payments and its ledger entries as the database has them. */
export async function orderRecord(t: TestDatabase, number: string) {
  const [order] = await t.sql<{ id: number; status: string }>(
    'primary',
    'select id, status from orders where number = $1',
    [number],
  );
  if (!order) throw new Error(`no order ${number}`);
  const payments = await t.sql<{ status: string; card_last4: string | null; failure_code: string | null }>(
    'primary',
    'select status, card_last4, failure_code from payment where order_id = $1 order by id',
    [order.id],
  );
  const movements = await t.sql<{ variant_id: number; delta: number; reason: string }>(
    'primary',
    'select variant_id, delta, reason from stock_movement where order_id = $1 order by id',
    [order.id],
  );
  return { status: order.status, payments, movements };
}
