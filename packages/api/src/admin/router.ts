import type { TRPCRouterRecord } from '@trpc/server';
import { allOrders } from '../orders/order-listing.ts';
import { refundOrder } from '../payments/refund.ts';
import { paymentSettingsFor } from '../payments/settings.ts';
import { readsPrimary } from '../routing.ts';
import { adjustStock } from '../stock/stock-adjustment.ts';
import { adminProcedure } from '../trpc.ts';
import { createProduct, createVariant, setPrice, updateProduct } from './catalog-admin.ts';
import {
  adjustStockInput,
  adminOrdersInput,
  createProductInput,
  createVariantInput,
  refundInput,
  setPriceInput,
  updateProductInput,
} from './schemas.ts';

export const adminRouter = {
  createProduct: adminProcedure
    .meta(readsPrimary('catalog'))
    .input(createProductInput)
    .mutation(({ ctx, input }) => createProduct(ctx.db, input)),
  updateProduct: adminProcedure
    .meta(readsPrimary('catalog'))
    .input(updateProductInput)
    .mutation(({ ctx, input }) => updateProduct(ctx.db, input)),
  createVariant: adminProcedure
    .meta(readsPrimary('catalog'))
    .input(createVariantInput)
    .mutation(({ ctx, input }) => createVariant(ctx.db, input)),
  setPrice: adminProcedure
    .meta(readsPrimary('catalog'))
    .input(setPriceInput)
    .mutation(({ ctx, input }) => setPrice(ctx.db, input)),
  adjustStock: adminProcedure
    .meta(readsPrimary('catalog'))
    .input(adjustStockInput)
    .mutation(({ ctx, input }) => adjustStock(ctx.db, input)),
  listOrders: adminProcedure
    .meta(readsPrimary())
    .input(adminOrdersInput)
    .query(({ ctx, input }) => allOrders(ctx.em, input)),
  refund: adminProcedure
    .meta(readsPrimary())
    .input(refundInput)
    .mutation(({ ctx, input }) => {
      const { provider, callTimeoutMs } = paymentSettingsFor(ctx.db);
      return refundOrder(ctx.db, provider, input.orderNumber, { callTimeoutMs });
    }),
} satisfies TRPCRouterRecord;
