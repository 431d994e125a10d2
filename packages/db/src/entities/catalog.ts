import { defineEntity, type Opt, p } from '@mikro-orm/core';

export const CategorySchema = defineEntity({
  name: 'Category',
  properties: {
    id: p.integer().primary(),
    slug: p.string().length(120).unique(),
    name: p.string().length(200),
  },
});
export class Category extends CategorySchema.class {}
CategorySchema.setClass(Category);

export const ProductSchema = defineEntity({
  name: 'Product',
  properties: {
    id: p.integer().primary(),
    slug: p.string().length(200).unique(),
    name: p.string().length(200),
    description: p.text(),
    active: p.boolean().default(true),
    // no index of its own: the department listing indexes below begin with it
    category: () => p.manyToOne(Category),
    /** The cheapest variant's price, kept by whoever changes prices, so price sorting can use an index. */
    priceFromCents: p.integer().check('price_from_cents >= 0'),
    createdAt: p.datetime().onCreate(() => new Date()),
    // maintained by PostgreSQL itself, so search never sees a stale vector
    searchVector: p
      .type('tsvector')
      .$type<Opt<string>>()
      .columnType('tsvector')
      // a word in the name (weight A) outranks one only in the description (B)
      .generated(
        "(setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B')) stored",
      )
      .lazy()
      .hidden(),
    variants: () => p.oneToMany(Variant).mappedBy('product'),
    images: () => p.oneToMany(ProductImage).mappedBy('product'),
  },
  indexes: [
    // fastupdate is off (migration search_index_without_pending_list): searches never scan queued entries
    { properties: 'searchVector', type: 'fulltext', name: 'product_search_vector_index' },
    // keyset pagination walks these in both directions
    { properties: ['priceFromCents', 'id'], name: 'product_price_from_id_index' },
    { properties: ['createdAt', 'id'], name: 'product_created_at_id_index' },
    // a department's page in either order reads its page, not the whole department, to sort it
    { properties: ['category', 'priceFromCents', 'id'], name: 'product_category_price_from_id_index' },
    { properties: ['category', 'createdAt', 'id'], name: 'product_category_created_at_id_index' },
  ],
});
export class Product extends ProductSchema.class {}
ProductSchema.setClass(Product);

/**
 * Each lexeme of each product on sale with the rank a search for that word alone gives it, kept by
 * triggers on product (migrations/sql/product_search_term.sql): its index lists a word's products
 * best first, so a search reads its candidates instead of ranking every match. No foreign key:
 * the delete trigger removes a product's terms, and a bulk insert spares a key check per term.
 */
export const ProductSearchTermSchema = defineEntity({
  name: 'ProductSearchTerm',
  properties: {
    productId: p.integer().primary(),
    lexeme: p.text().primary(),
    score: p.float().columnType('real'),
  },
  indexes: [
    {
      name: 'product_search_term_rank_index',
      expression:
        'create index "product_search_term_rank_index" on "product_search_term" ("lexeme", "score" desc, "product_id" desc)',
    },
  ],
});
export class ProductSearchTerm extends ProductSearchTermSchema.class {}
ProductSearchTermSchema.setClass(ProductSearchTerm);

export const VariantSchema = defineEntity({
  name: 'Variant',
  properties: {
    id: p.integer().primary(),
    product: () => p.manyToOne(Product).index(),
    sku: p.string().length(64).unique(),
    name: p.string().length(200),
    /** In minor units (cents): money is never a float. */
    priceCents: p.integer().check('price_cents >= 0'),
    /** Equals the sum of this variant's stock movements; the check is the last line against overselling. */
    stockOnHand: p.integer().check('stock_on_hand >= 0'),
  },
  indexes: [{ properties: ['priceCents'] }],
});
export class Variant extends VariantSchema.class {}
VariantSchema.setClass(Variant);

export const ProductImageSchema = defineEntity({
  name: 'ProductImage',
  properties: {
    id: p.integer().primary(),
    product: () => p.manyToOne(Product).deleteRule('cascade'),
    /** The variant it shows (a colour, a finish), if it shows one: choosing that variant brings it forward. */
    variant: () => p.manyToOne(Variant).nullable().deleteRule('set null'),
    /** 1 is the picture a listing shows; the rest follow in the gallery in this order. */
    position: p.integer().check('position >= 1'),
    /**
     * Names the picture rather than holding it: the image route draws the artwork it names and
     * serves it at every size, so the database keeps a few bytes per image (see apps/server/src/product-images).
     */
    artwork: p.string().length(120),
    alt: p.string().length(300),
    /** The largest size served, in pixels: pages reserve the space before the picture arrives. */
    width: p.integer().check('width > 0'),
    height: p.integer().check('height > 0'),
  },
  // also the index a listing's first picture is found by
  uniques: [{ properties: ['product', 'position'] }],
});
export class ProductImage extends ProductImageSchema.class {}
ProductImageSchema.setClass(ProductImage);
