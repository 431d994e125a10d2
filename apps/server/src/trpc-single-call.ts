import {
  type AnyTRPCRouter,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  type TRPCError,
} from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';

/** A request as tRPC's wire format (trpc.io/docs/rpc) sees it. */
export interface CallRequest {
  method: string;
  /** The part of the URL after the tRPC prefix: one procedure's path, or several joined by commas. */
  path: string;
  /** The `batch` query parameter. */
  batch: string | undefined;
  /** The `input` query parameter of a GET, or the body of a POST, as sent. */
  rawInput: string | undefined;
  /** A client that asks for a streamed answer (`trpc-accept`) is tRPC's adapter's to serve. */
  acceptsStream: boolean;
}

export interface CallHandlers<TContext> {
  createContext(): TContext;
  /** Extra headers, from the call's context and its error, as tRPC's `responseMeta` gives them. */
  headersFor(ctx: TContext | undefined, errors: TRPCError[]): Record<string, string>;
  /** Told of every failure answered, as tRPC's `onError` is. */
  onError(error: TRPCError): void;
}

export interface CallAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const typeOfMethod: Record<string, 'query' | 'mutation' | undefined> = { GET: 'query', POST: 'mutation' };

/**
 * Answers a request that carries one call, of a procedure that exists, with the method its type
 * takes and a JSON input: without tRPC's HTTP adapter, which turns every request into a Fetch
 * `Request` and every answer into a streamed `Response` and cost three to four times the request
 * it carried (docs/benchmarks.md, pass 9). The call, its error's shape and its HTTP status are
 * tRPC's own (`callTRPCProcedure`, `getTRPCErrorShape`, `getHTTPStatusCode`), so the answer is the
 * adapter's, byte for byte (trpc-single-call.test.ts). Anything else (a batch, a streamed or
 * subscription call, an unknown path, the wrong method, an input that is not JSON) is undefined
 * here and left to tRPC's adapter, which answers it, errors included.
 */
export async function answerSingleCall<TContext>(
  router: AnyTRPCRouter,
  request: CallRequest,
  handlers: CallHandlers<TContext>,
): Promise<CallAnswer | undefined> {
  const type = typeOfMethod[request.method];
  if (!type || request.batch !== undefined || request.acceptsStream) return undefined;
  const { path } = request;
  const procedure = router._def.procedures[path] as { _def: { type: string } } | undefined;
  if (procedure?._def.type !== type) return undefined;
  const { transformer } = router._def._config;
  // a GET may leave its input out; tRPC refuses a POST without a body
  if (request.rawInput === undefined && type === 'mutation') return undefined;
  let input: unknown;
  try {
    input =
      request.rawInput === undefined
        ? undefined
        : transformer.input.deserialize(JSON.parse(request.rawInput));
  } catch {
    return undefined;
  }

  let ctx: TContext | undefined;
  let status = 200;
  let body: string;
  let errors: TRPCError[] = [];
  try {
    ctx = handlers.createContext();
    const data = await callTRPCProcedure({
      router,
      path,
      type,
      ctx,
      getRawInput: async () => input,
      signal: undefined,
      batchIndex: 0,
    });
    body = JSON.stringify({ result: { data: transformer.output.serialize(data) } });
  } catch (cause) {
    // as tRPC's adapter: a context that could not be made, a failed call or an answer that would
    // not serialise is answered in tRPC's error shape
    const error = getTRPCErrorFromUnknown(cause);
    errors = [error];
    handlers.onError(error);
    const shape = getTRPCErrorShape({ config: router._def._config, error, type, path, input, ctx });
    status = getHTTPStatusCode({ error: shape });
    body = JSON.stringify({ error: transformer.output.serialize(shape) });
  }
  return {
    status,
    headers: {
      vary: 'trpc-accept, accept',
      'content-type': 'application/json',
      ...handlers.headersFor(ctx, errors),
    },
    body,
  };
}
