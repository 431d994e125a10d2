import http from 'node:http';

export interface OrderRequest {
  cartToken: string;
  email: string;
  expectedTotal: number;
  idempotencyKey: string;
}

/** Confirmed, or the error code and, where the API gives one, its reason: what a failure tally is keyed by. */
export type OrderOutcome = { ok: true } | { ok: false; failure: string };

interface TrpcErrorBody {
  error?: { json?: { data?: { code?: string; details?: { reason?: string } | null } } };
}

/**
 * placeOrder as raw HTTP on a kept-alive connection: the body written as tRPC's wire format
 * (superjson of plain JSON is `{ json }`) and the answer read only for its status and error
 * code. The measured runs send tens of thousands of these from a process that shares the
 * machine with the server and the database; the typed client's fetch, link chain and
 * transformer cost that process about a millisecond of CPU per order, taken from the two
 * cores the server and PostgreSQL compete for (pgbench's client is C). The typed client is
 * still what makes each buyer's first cart (checkout-load.ts).
 */
export class OrderSender {
  readonly #url: URL;
  readonly #agent = new http.Agent({ keepAlive: true });

  constructor(apiUrl: string) {
    this.#url = new URL(`${apiUrl}/trpc/checkout.placeOrder`);
  }

  place(order: OrderRequest): Promise<OrderOutcome> {
    const body = JSON.stringify({ json: order });
    return new Promise((resolve, reject) => {
      const request = http.request(
        this.#url,
        {
          method: 'POST',
          agent: this.#agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            if (response.statusCode === 200) return resolve({ ok: true });
            resolve({ ok: false, failure: failureOf(response.statusCode, Buffer.concat(chunks).toString()) });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function failureOf(status: number | undefined, text: string): string {
  try {
    const data = (JSON.parse(text) as TrpcErrorBody).error?.json?.data;
    if (data?.code) return `${data.code}${data.details?.reason ? `:${data.details.reason}` : ''}`;
  } catch {
    // not tRPC's answer (a proxy's, a crash page): the status says what there is to say
  }
  return `HTTP ${status}`;
}
