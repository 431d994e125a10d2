import { type PaymentProvider, TestPaymentProvider } from '@holdfast/api';
import type { PaymentProviderName } from './config.ts';

/** The adapter PAYMENT_PROVIDER names. */
export function createPaymentProvider(name: PaymentProviderName): PaymentProvider {
  switch (name) {
    case 'test':
      return new TestPaymentProvider();
  }
}
