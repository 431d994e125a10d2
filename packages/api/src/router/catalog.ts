import type { TRPCRouterRecord } from '@trpc/server';
import { productInput, productSearchInput } from '../schemas.ts';
import { listCategories, productDetail } from '../services/catalog.ts';
import { searchProducts } from '../services/product-search.ts';
import { catalogProcedure } from '../trpc.ts';

export const catalogRouter = {
  categories: catalogProcedure.query(({ ctx }) => listCategories(ctx.db.replicaEm({ minLsn: ctx.minLsn }))),
  products: catalogProcedure
    .input(productSearchInput)
    .query(({ ctx, input }) => searchProducts(ctx.db.replicaEm({ minLsn: ctx.minLsn }), input)),
  product: catalogProcedure
    .input(productInput)
    .query(({ ctx, input }) => productDetail(ctx.db.replicaEm({ minLsn: ctx.minLsn }), input.slug)),
} satisfies TRPCRouterRecord;
