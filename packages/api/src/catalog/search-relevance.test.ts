import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCaller } from '../../test/support.ts';

let t: TestDatabase;

// a catalog small enough to know the right answer by reading it; inserted in this order, so where two
// products rank the same the later one (higher id) comes first, as the keyset orders them
const labelled = [
  {
    slug: 'storm-lantern',
    name: 'Storm Lantern',
    description: 'A lantern for the porch; this lantern burns all night.',
  },
  { slug: 'harbour-lantern', name: 'Harbour Lantern', description: 'Burns oil all night on the quay.' },
  { slug: 'brass-lantern', name: 'Brass Lantern', description: 'Polished by hand.' },
  { slug: 'ship-lantern', name: 'Ship Lantern', description: 'A brass body that takes the spray.' },
  { slug: 'porch-light', name: 'Porch Light', description: 'Lantern glass, lantern frame, lantern handle.' },
  { slug: 'oil-flask', name: 'Oil Flask', description: 'Fuel for a lantern.' },
  { slug: 'garden-chair', name: 'Garden Chair', description: 'Somewhere to sit by the light.' },
  {
    slug: 'lantern-off-sale',
    name: 'Lantern Lantern',
    description: 'Lantern, lantern, lantern, withdrawn.',
    active: false,
  },
];

beforeAll(async () => {
  t = await createTestDatabase();
  await t.sql('primary', `insert into category (slug, name) values ('lighting', 'Lighting')`);
  for (const product of labelled) {
    await t.sql(
      'primary',
      `insert into product (slug, name, description, active, category_id, price_from_cents, created_at)
       values ($1, $2, $3, $4, (select id from category), 1000, now())`,
      [product.slug, product.name, product.description, product.active ?? true],
    );
  }
  await t.replicaCaughtUp();
});
afterAll(() => t.drop());

async function ranked(q: string): Promise<string[]> {
  const { api } = newCaller(t);
  const { items } = await api.catalog.products({ q, limit: 100 });
  return items.map((item) => item.slug);
}

describe('relevance on a labelled catalog', () => {
  it('a word in the name outranks the word only in the description; more mentions rank higher; never a product off sale', async () => {
    expect(await ranked('lantern')).toEqual([
      // in the name and twice in the description
      'storm-lantern',
      // in the name only: equal ranks, newest id first
      'ship-lantern',
      'brass-lantern',
      'harbour-lantern',
      // in the description only: three times, then once
      'porch-light',
      'oil-flask',
    ]);
  });

  it('any form of the word finds the same products in the same order (stemmed)', async () => {
    expect(await ranked('Lanterns')).toEqual(await ranked('lantern'));
  });

  it('two words: both in the name first, then one in the name and one in the description', async () => {
    expect(await ranked('brass lantern')).toEqual(['brass-lantern', 'ship-lantern']);
    expect(await ranked('"storm lantern"')).toEqual(['storm-lantern']);
  });

  it('a word no product on sale has finds nothing', async () => {
    expect(await ranked('xylophone')).toEqual([]);
    expect(await ranked('withdrawn')).toEqual([]);
  });
});
