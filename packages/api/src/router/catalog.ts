import type { TRPCRouterRecord } from '@trpc/server';
import { listCategories } from '../services/catalog.ts';
import { publicProcedure } from '../trpc.ts';

export const catalogRouter = {
  categories: publicProcedure.query(({ ctx }) => listCategories(ctx.db.replicaEm({ minLsn: ctx.minLsn }))),
} satisfies TRPCRouterRecord;
