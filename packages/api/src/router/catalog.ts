import type { TRPCRouterRecord } from '@trpc/server';
import { publicProcedure } from '../trpc.ts';
import { listCategories } from '../services/catalog.ts';

export const catalogRouter = {
  categories: publicProcedure.query(({ ctx }) => listCategories(ctx.db.replicaEm({ minLsn: ctx.minLsn }))),
} satisfies TRPCRouterRecord;
