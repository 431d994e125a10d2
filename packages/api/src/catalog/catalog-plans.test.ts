import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCaller } from '../../test/support.ts';

let t: TestDatabase;
const products = 500;

beforeAll(async () => {
  t = await createTestDatabase();
  await t.sql('primary', `insert into category (slug, name) values ('kitchen', 'Kitchen')`);
  await t.sql(
    'primary',
    `insert into product (slug, name, description, active, category_id, price_from_cents, created_at)
     select 'pan-' || g, 'Pan ' || g, 'a pan', true, (select id from category where slug = 'kitchen'), 1000 + g, now()
       from generate_series(1, ${products}) g`,
  );
  await t.sql('primary', 'vacuum analyze');
  await t.replicaCaughtUp();
});
afterAll(() => t.drop());

interface PlanCount {
  generic: number;
  custom: number;
}

/** How the replica connection the catalog reads on has planned its department pages so far. */
async function departmentPagePlans(): Promise<PlanCount[]> {
  const em = await t.db.readEm({ freshnessBudgetMs: 60_000 });
  return em.getConnection('read').execute<PlanCount[]>(
    `select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
        where statement like '%from "product" as "p"%' and statement like '%"p"."category_id" =%'`,
  );
}

describe('catalog reads on the replica', () => {
  it('a department page is planned once per connection, not on every read', async () => {
    const { api } = newCaller(t);
    const reads = 8;
    for (let read = 0; read < reads; read++) {
      const page = await api.catalog.products({ category: 'kitchen', sort: 'price_asc', limit: 24 });
      expect(page.items.map((item) => item.priceFromCents)).toEqual(
        Array.from({ length: 24 }, (_, index) => 1001 + index),
      );
    }
    // one after another, the reads took the same pooled connection: its one statement ran the
    // generic plan every time (left to choose, PostgreSQL planned this page anew on each read)
    expect(await departmentPagePlans()).toEqual([{ generic: reads, custom: 0 }]);
  });
});
