import type { AppRouter, ErrorDetails } from '@holdfast/api';
import { TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export { createHoldfastClient, type HoldfastClient, type HoldfastClientOptions } from './create-client.ts';
export { LsnToken, lsnResponseHeader, minLsnRequestHeader } from './lsn-token.ts';
export type { AppRouter, ErrorDetails };

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Narrows an unknown error to one the Holdfast API sent, with its typed `data` (code, zodError, details). */
export function isHoldfastError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}
