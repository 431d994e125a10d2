import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Cards the fake understands, as Stripe's test mode does. */
export const fakeStripeCards = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  needsAction: '4000002500003155',
};

interface Intent {
  id: string;
  status: string;
  amount: number;
  metadata: Record<string, string>;
  refunded: boolean;
}

export interface RecordedCall {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  form: Record<string, string>;
}

/**
 * A local stand-in for the parts of Stripe's API the adapter uses: payment methods, payment
 * intents (confirm, capture, cancel, search by metadata) and refunds, with bearer-key checks and
 * idempotency keys answered with their first response, as Stripe does.
 */
export class FakeStripe {
  readonly calls: RecordedCall[] = [];
  readonly intents = new Map<string, Intent>();
  /** Answer every call with a 500 while set. */
  failing = false;
  readonly #methods = new Map<string, string>();
  readonly #answers = new Map<string, { status: number; body: unknown }>();
  readonly #secretKey: string;
  #server: Server | undefined;

  constructor(secretKey: string) {
    this.#secretKey = secretKey;
  }

  async start(): Promise<string> {
    this.#server = createServer((request, response) => {
      void this.#handle(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server?.close(() => resolve()));
  }

  async #handle(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    let text = '';
    for await (const chunk of request) text += chunk;
    const url = new URL(request.url ?? '/', 'http://fake');
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    const form = Object.fromEntries(new URLSearchParams(text));
    this.calls.push({ method: request.method ?? '', path: url.pathname, idempotencyKey, form });
    if (request.headers.authorization !== `Bearer ${this.#secretKey}`)
      return failure(401, 'invalid_request_error', 'Invalid API Key provided');
    if (this.failing) return failure(500, 'api_error', 'Something went wrong on our end');
    const scopedKey = idempotencyKey && `${url.pathname}:${idempotencyKey}`;
    const earlier = scopedKey ? this.#answers.get(scopedKey) : undefined;
    if (earlier) return earlier;
    const answer = this.#route(request.method ?? '', url, form);
    if (scopedKey) this.#answers.set(scopedKey, answer);
    return answer;
  }

  #route(method: string, url: URL, form: Record<string, string>): { status: number; body: unknown } {
    const path = url.pathname;
    if (method === 'POST' && path === '/v1/payment_methods') {
      const id = `pm_${randomBytes(6).toString('hex')}`;
      this.#methods.set(id, form['card[number]'] ?? '');
      return { status: 200, body: { id } };
    }
    if (method === 'POST' && path === '/v1/payment_intents') return this.#confirm(form);
    if (method === 'GET' && path === '/v1/payment_intents/search') {
      const wanted = /metadata\['authorization_key'\]:'(.*)'$/.exec(url.searchParams.get('query') ?? '')?.[1];
      const data = [...this.intents.values()].filter(
        (intent) => intent.metadata.authorization_key === wanted,
      );
      return { status: 200, body: { data } };
    }
    const action = /^\/v1\/payment_intents\/([^/]+)\/(capture|cancel)$/.exec(path);
    const intent = action && this.intents.get(action[1] ?? '');
    if (method === 'POST' && action && intent) {
      const [from, to] =
        action[2] === 'capture' ? ['requires_capture', 'succeeded'] : ['requires_capture', 'canceled'];
      if (intent.status !== from && !(to === 'canceled' && intent.status === 'requires_action'))
        return failure(400, 'invalid_request_error', `This PaymentIntent's status is ${intent.status}`);
      intent.status = to;
      return { status: 200, body: intent };
    }
    const refunded = this.intents.get(form.payment_intent ?? '');
    if (method === 'POST' && path === '/v1/refunds' && refunded?.status === 'succeeded') {
      refunded.refunded = true;
      return { status: 200, body: { id: `re_${randomBytes(6).toString('hex')}`, status: 'succeeded' } };
    }
    return failure(404, 'invalid_request_error', `No such route or object: ${method} ${path}`);
  }

  #confirm(form: Record<string, string>): { status: number; body: unknown } {
    const number = this.#methods.get(form.payment_method ?? '');
    if (number === undefined) return failure(400, 'invalid_request_error', 'No such PaymentMethod');
    if (number === fakeStripeCards.declined)
      return {
        status: 402,
        body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' } },
      };
    const intent: Intent = {
      id: `pi_${randomBytes(8).toString('hex')}`,
      status: number === fakeStripeCards.needsAction ? 'requires_action' : 'requires_capture',
      amount: Number(form.amount),
      metadata: Object.fromEntries(
        Object.entries(form).flatMap(([key, value]) => {
          const name = /^metadata\[(.+)\]$/.exec(key)?.[1];
          return name ? [[name, value]] : [];
        }),
      ),
      refunded: false,
    };
    this.intents.set(intent.id, intent);
    return { status: 200, body: intent };
  }
}

function failure(status: number, type: string, message: string) {
  return { status, body: { error: { type, message } } };
}
