import type { AppRouter, ErrorDetails } from '@holdfast/api';
import { TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export { readPositionsHeader, writtenPositionsHeader } from '@holdfast/api/read-positions';
export { createHoldfastClient, type HoldfastClient, type HoldfastClientOptions } from './create-client.ts';
export { LsnToken } from './lsn-token.ts';
export type { AppRouter, ErrorDetails };

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Narrows an unknown error to one the Holdfast API sent, with its typed `data` (code, zodError, details). */
export function isHoldfastError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}
