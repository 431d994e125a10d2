/**
 * The least a server could do to answer catalog.products: node's http module, a pg pool on the
 * replica, the same SQL the API runs (prepared, like the API's), the same page in the same JSON
 * envelope. No framework, no ORM, no validation library. Run as its own process by the bench (so
 * it has its own event loop, like the API server):
 * `BASELINE_DATABASE_URL=... PORT=... node src/baseline-server.ts`.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { productImage } from '@holdfast/api/product-images';
import { replicaSessionSettings, sessionOptions } from '@holdfast/db';
import pg from 'pg';
import { sendJson, serveUntilStopped } from './bare-http.ts';
import { type CatalogQuery, catalogSorts, catalogSql, effectiveSort } from './catalog-sql.ts';

const databaseUrl = process.env.BASELINE_DATABASE_URL;
if (!databaseUrl) throw new Error('BASELINE_DATABASE_URL is not set');
// the API's replica pool: 20 connections by default (DATABASE_POOL_SIZE), its sessions' planning
const pool = new pg.Pool({
  connectionString: databaseUrl,
  max: Number(process.env.BASELINE_POOL_SIZE ?? 20),
  options: sessionOptions(replicaSessionSettings),
});

interface Row {
  id: number;
  slug: string;
  name: string;
  price_from_cents: number;
  category_slug: string;
  in_stock: boolean;
  image: { artwork: string; alt: string; width: number; height: number } | null;
  sort_key: string | number;
}

class BadRequest extends Error {}

function parseInput(raw: string | null): CatalogQuery {
  let input: Record<string, unknown>;
  try {
    input = raw ? ((JSON.parse(raw) as { json?: Record<string, unknown> }).json ?? {}) : {};
  } catch {
    throw new BadRequest('input is not JSON');
  }
  const { q, category, sort, limit = 24 } = input;
  if (q !== undefined && (typeof q !== 'string' || q.length > 200)) throw new BadRequest('bad q');
  if (category !== undefined && (typeof category !== 'string' || category.length > 200))
    throw new BadRequest('bad category');
  if (sort !== undefined && !catalogSorts.includes(sort as CatalogQuery['sort'] & string))
    throw new BadRequest('bad sort');
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 100)
    throw new BadRequest('bad limit');
  return {
    q: (q as string | undefined)?.trim() || undefined,
    category: category as string | undefined,
    sort: sort as CatalogQuery['sort'],
    limit: limit as number,
  };
}

async function productPage(query: CatalogQuery) {
  const { text, values } = catalogSql(query);
  // prepared, as the API prepares it: both sides ask the same work of the replica
  const name = `baseline_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
  const { rows } = await pool.query<Row>({ name, text, values });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      priceFromCents: row.price_from_cents,
      categorySlug: row.category_slug,
      inStock: row.in_stock,
      // the picture's URLs as the API makes them: the same answer, byte for byte (sameAnswers)
      image: row.image && productImage(row.image),
    })),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify([effectiveSort(query), last.sort_key, last.id])).toString('base64url')
        : null,
  };
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/healthz') return sendJson(response, 200, { ok: true });
  if (url.pathname !== '/catalog.products' || request.method !== 'GET')
    return sendJson(response, 404, { error: 'not found' });
  let query: CatalogQuery;
  try {
    query = parseInput(url.searchParams.get('input'));
  } catch (error) {
    return sendJson(response, 400, { error: (error as Error).message });
  }
  productPage(query).then(
    (page) => sendJson(response, 200, { result: { data: { json: page } } }),
    (error: unknown) => sendJson(response, 500, { error: (error as Error).message }),
  );
});

serveUntilStopped(server, () => pool.end());
