import { type PaymentProvider, StripePaymentProvider, TestPaymentProvider } from '@holdfast/api';
import type { PaymentConfig } from './config.ts';

/** The adapter PAYMENT_PROVIDER names. */
export function createPaymentProvider(config: PaymentConfig): PaymentProvider {
  switch (config.provider) {
    case 'test':
      return new TestPaymentProvider();
    case 'stripe':
      return new StripePaymentProvider(config);
  }
}
