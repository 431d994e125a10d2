import { parseArgs } from 'node:util';
import { seedCatalog } from '../seed/catalog.ts';
import { connectFromEnv } from './connect-from-env.ts';

const { values } = parseArgs({ options: { products: { type: 'string', default: '300' } } });
const products = Number(values.products);
if (!Number.isInteger(products) || products < 1) throw new Error('--products must be a positive integer');

const { db, stop } = await connectFromEnv();
try {
  const result = await db.withoutTimeouts((orm) => seedCatalog(orm.em.fork(), { products }));
  console.log(
    result.seeded
      ? `seeded ${result.products} products, ${result.variants} variants in ${result.categories} categories`
      : 'catalog already has data: left as it is',
  );
} finally {
  await stop();
}
