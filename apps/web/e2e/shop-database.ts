import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestVariant {
  id: number;
  sku: string;
  name: string;
  priceCents: number;
}

export interface TestProduct {
  id: number;
  slug: string;
  name: string;
  /** A made-up word in the name, so a search finds this product and nothing else. */
  searchWord: string;
  variants: TestVariant[];
}

/**
 * Direct SQL on the server's primary: what an admin or another buyer does behind the
 * storefront's back. Every change to stock goes through the ledger, as the app's own do.
 */
export class ShopDatabase {
  readonly #primary: pg.Pool;
  readonly #replica: pg.Pool;

  constructor(primaryUrl: string, replicaUrl: string) {
    this.#primary = new pg.Pool({ connectionString: primaryUrl, max: 2 });
    this.#replica = new pg.Pool({ connectionString: replicaUrl, max: 1 });
  }

  /** A product of its own for each test, so tests running side by side never share stock. */
  async createProduct(
    noun: string,
    variants: { name: string; priceCents: number; stock: number }[],
  ): Promise<TestProduct> {
    const searchWord = randomWord();
    const name = `${noun} ${searchWord[0]?.toUpperCase()}${searchWord.slice(1)}`;
    const slug = `e2e-${noun.toLowerCase()}-${searchWord}`;
    const product = await this.#transaction(async (client) => {
      const {
        rows: [created],
      } = await client.query<{ id: number }>(
        `insert into product (slug, name, description, active, category_id, price_from_cents, created_at)
         values ($1, $2, $3, true, (select id from category order by id limit 1), $4, now())
         returning id`,
        [
          slug,
          name,
          `A ${noun.toLowerCase()} made for the browser tests.`,
          Math.min(...variants.map((v) => v.priceCents)),
        ],
      );
      if (!created) throw new Error('product insert returned nothing');
      const testVariants: TestVariant[] = [];
      for (const [index, variant] of variants.entries()) {
        const sku = `E2E-${searchWord.toUpperCase()}-${index + 1}`;
        const {
          rows: [row],
        } = await client.query<{ id: number }>(
          `insert into variant (product_id, sku, name, price_cents, stock_on_hand) values ($1, $2, $3, $4, $5) returning id`,
          [created.id, sku, variant.name, variant.priceCents, variant.stock],
        );
        if (!row) throw new Error('variant insert returned nothing');
        if (variant.stock > 0)
          await client.query(
            `insert into stock_movement (variant_id, delta, reason, created_at) values ($1, $2, 'initial', now())`,
            [row.id, variant.stock],
          );
        testVariants.push({ id: row.id, sku, name: variant.name, priceCents: variant.priceCents });
      }
      return { id: created.id, slug, name, searchWord, variants: testVariants };
    });
    await this.#waitForReplica('select 1 from product where id = $1', [product.id]);
    return product;
  }

  /** A price rise on the primary, as an admin would make it: the product's "from" price follows. */
  async setPrice(variantId: number, priceCents: number): Promise<void> {
    await this.#transaction(async (client) => {
      await client.query('update variant set price_cents = $2 where id = $1', [variantId, priceCents]);
      await client.query(
        `update product set price_from_cents = (select min(price_cents) from variant where product_id = product.id)
         where id = (select product_id from variant where id = $1)`,
        [variantId],
      );
    });
  }

  /** Sets stock on hand through an adjustment in the ledger, so stock still equals the sum of movements. */
  async setStock(variantId: number, stockOnHand: number): Promise<void> {
    await this.#transaction(async (client) => {
      const {
        rows: [current],
      } = await client.query<{ stock_on_hand: number }>(
        'select stock_on_hand from variant where id = $1 for update',
        [variantId],
      );
      if (!current) throw new Error(`no variant ${variantId}`);
      const delta = stockOnHand - current.stock_on_hand;
      if (delta === 0) return;
      await client.query('update variant set stock_on_hand = $2 where id = $1', [variantId, stockOnHand]);
      await client.query(
        `insert into stock_movement (variant_id, delta, reason, note, created_at)
         values ($1, $2, 'adjustment', 'browser test: stock ran out while in a cart', now())`,
        [variantId, delta],
      );
    });
  }

  async order(number: string) {
    const {
      rows: [order],
    } = await this.#primary.query<{
      id: number;
      email: string;
      status: string;
      total_cents: number;
      customer_email: string | null;
    }>(
      `select o.id, o.email, o.status, o.total_cents, c.email as customer_email
         from orders o left join customer c on c.id = o.customer_id where o.number = $1`,
      [number],
    );
    if (!order) return undefined;
    const { rows: lines } = await this.#primary.query<{
      sku: string;
      quantity: number;
      unit_price_cents: number;
    }>('select sku, quantity, unit_price_cents from order_line where order_id = $1 order by id', [order.id]);
    return { ...order, lines };
  }

  /** The order's payment attempts, oldest first: what the server recorded, which is all but the card. */
  async payments(orderNumber: string) {
    const { rows } = await this.#primary.query<{
      status: string;
      card_last4: string | null;
      failure_code: string | null;
      idempotency_key: string;
    }>(
      `select p.status, p.card_last4, p.failure_code, p.idempotency_key
         from payment p join orders o on o.id = p.order_id where o.number = $1 order by p.id`,
      [orderNumber],
    );
    return rows;
  }

  /** Stock on hand next to the sum of its ledger: the two must always agree. */
  async stock(variantId: number): Promise<{ onHand: number; ledger: number }> {
    const {
      rows: [row],
    } = await this.#primary.query<{ on_hand: number; ledger: string }>(
      `select stock_on_hand as on_hand, (select coalesce(sum(delta), 0) from stock_movement where variant_id = v.id) as ledger
         from variant v where id = $1`,
      [variantId],
    );
    if (!row) throw new Error(`no variant ${variantId}`);
    return { onHand: row.on_hand, ledger: Number(row.ledger) };
  }

  async close(): Promise<void> {
    await Promise.all([this.#primary.end(), this.#replica.end()]);
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#primary.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  }

  /** The storefront reads the catalog from the replica: wait until it has replayed our insert. */
  async #waitForReplica(sql: string, params: unknown[], timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.#replica.query(sql, params)).rowCount === 0) {
      if (Date.now() > deadline)
        throw new Error(`the replica did not replay "${sql}" within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function randomWord(): string {
  // letters only: the search's English parser keeps such a word whole
  const letters = 'bcdfghjklmnpqrstvwxz';
  return Array.from(randomBytes(8), (byte) => letters[byte % letters.length]).join('');
}
