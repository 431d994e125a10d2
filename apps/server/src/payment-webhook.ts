import {
  applyPaymentEvent,
  hasValidSignature,
  type PaymentEvent,
  paymentEventSchema,
  paymentSettingsFor,
  paymentSignatureHeader,
} from '@holdfast/api';
import type { Database } from '@holdfast/db';
import type { FastifyInstance } from 'fastify';

/**
 * POST /webhooks/payments: the provider's events, signed with HMAC-SHA256 over the raw body
 * (header `x-payment-signature: sha256=<hex>`). A bad signature is a 401 that changes nothing;
 * a redelivered event id is acknowledged and not applied again. The secret is never logged.
 */
export async function registerPaymentWebhook(
  app: FastifyInstance,
  db: Database,
  secret: string | undefined,
): Promise<void> {
  if (!secret) app.log.warn('PAYMENT_WEBHOOK_SECRET is not set: /webhooks/payments refuses every delivery');
  await app.register(async (scope) => {
    // the signature covers the exact bytes sent, so this route keeps the body raw
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, body),
    );
    scope.post('/webhooks/payments', async (request, reply) => {
      if (!secret) return reply.code(503).send({ error: 'payment webhooks are not configured' });
      const signature = request.headers[paymentSignatureHeader];
      const rawBody = request.body;
      if (
        !Buffer.isBuffer(rawBody) ||
        !hasValidSignature(rawBody, typeof signature === 'string' ? signature : undefined, secret)
      ) {
        request.log.warn('payment webhook refused: bad or missing signature');
        return reply.code(401).send({ error: 'bad signature' });
      }
      let event: PaymentEvent;
      try {
        event = paymentEventSchema.parse(JSON.parse(rawBody.toString('utf8')));
      } catch {
        return reply.code(400).send({ error: 'not a payment event' });
      }
      const outcome = await applyPaymentEvent(db, paymentSettingsFor(db), event);
      request.log.info({ eventId: event.id, type: event.type, outcome }, 'payment webhook');
      if (outcome === 'refused') {
        // a signed event that contradicts our records: nothing changed, and a redelivery will not fix it
        request.log.warn(
          { eventId: event.id },
          'payment event refused: its reference and key name different payments',
        );
        return reply
          .code(422)
          .send({ error: 'the reference and paymentKey do not name the same payment', outcome });
      }
      if (outcome === 'refund_failed') {
        request.log.warn(
          { eventId: event.id },
          'money arrived for a closed order and could not be refunded yet',
        );
      }
      return reply.send({ received: true, outcome });
    });
  });
}
