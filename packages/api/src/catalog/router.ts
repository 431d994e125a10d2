import type { TRPCRouterRecord } from '@trpc/server';
import { readsReplica } from '../routing.ts';
import { catalogProcedure } from '../trpc.ts';
import { listCategories, productDetail } from './catalog-reads.ts';
import { searchProducts } from './product-search.ts';
import { productInput, productSearchInput } from './schemas.ts';

export const catalogRouter = {
  // the budgets are how stale each page may look: categories rarely change, a product page shows
  // the price and stock the buyer acts on
  categories: catalogProcedure
    .meta(readsReplica('catalog', 60_000))
    .query(({ ctx }) => listCategories(ctx.em)),
  products: catalogProcedure
    .meta(readsReplica('catalog', 30_000))
    .input(productSearchInput)
    .query(({ ctx, input }) => searchProducts(ctx.em, input)),
  product: catalogProcedure
    .meta(readsReplica('catalog', 5_000))
    .input(productInput)
    .query(({ ctx, input }) => productDetail(ctx.em, input.slug)),
} satisfies TRPCRouterRecord;
