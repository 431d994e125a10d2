import { applyPaymentEvent, paymentSettingsFor } from '@holdfast/api';
import type { Database } from '@holdfast/db';
import type { FastifyInstance } from 'fastify';

/**
 * POST /webhooks/payments: the configured provider's events, in its own format and signature
 * (the test provider's: HMAC-SHA256 over the raw body in `x-payment-signature: sha256=<hex>`;
 * Stripe's: `Stripe-Signature`), which the provider's adapter checks and maps. A bad signature
 * is a 401 that changes nothing; a redelivered event id is acknowledged and not applied again.
 * The secret is never logged.
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
      const settings = paymentSettingsFor(db);
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const reading = settings.provider.readWebhook(
        {
          rawBody,
          header: (name) => {
            const value = request.headers[name];
            return typeof value === 'string' ? value : undefined;
          },
        },
        secret,
      );
      if (reading.verdict === 'bad_signature') {
        request.log.warn('payment webhook refused: bad or missing signature');
        return reply.code(401).send({ error: 'bad signature' });
      }
      if (reading.verdict === 'not_an_event') return reply.code(400).send({ error: 'not a payment event' });
      if (reading.verdict === 'ignored') {
        request.log.info({ eventId: reading.eventId, type: reading.type }, 'payment webhook ignored');
        return reply.send({ received: true, outcome: 'ignored' });
      }
      const { event } = reading;
      const outcome = await applyPaymentEvent(db, settings, event);
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
