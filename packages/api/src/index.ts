export {
  type HashingLimits,
  hashingLimits,
  limitPasswordHashing,
} from './accounts/passwords.ts';
export { findLiveSession } from './accounts/sessions.ts';
export { type AccountSettings, configureAccounts, defaultSessionTtlHours } from './accounts/settings.ts';
export { type AdminOutcome, adminAccountInput, ensureAdmin } from './admin/admins.ts';
export {
  type ProductImage,
  productImage,
  productImageUrl,
  productImageVersion,
  productImageWidths,
} from './catalog/product-images.ts';
export {
  type CheckoutBulkheadSettings,
  checkoutBulkheadSettings,
  configureCheckoutBulkhead,
} from './checkout/checkout-bulkhead.ts';
export {
  type CallerSession,
  type Context,
  createContext,
  type RequestDetails,
  type SessionCookie,
} from './context.ts';
export { DetailedCause, type ErrorDetails, type ShortItem } from './errors.ts';
export { type ExpiryOptions, type ExpiryResult, expireUnpaidOrders } from './orders/order-expiry.ts';
export { applyPaymentEvent, type PaymentEventOutcome } from './payments/payment-events.ts';
export {
  type AuthorizeRequest,
  type AuthorizeResult,
  type CardDetails,
  type PaymentProvider,
  PaymentProviderError,
} from './payments/provider.ts';
export { refundOrder } from './payments/refund.ts';
export { configurePayments, type PaymentSettings, paymentSettingsFor } from './payments/settings.ts';
export { StripePaymentProvider, type StripeProviderOptions } from './payments/stripe-provider.ts';
export { signStripeEvent } from './payments/stripe-webhook.ts';
export { TestPaymentProvider, testCards } from './payments/test-provider.ts';
export {
  type PaymentEvent,
  signPaymentEvent,
  type WebhookDelivery,
  type WebhookReading,
} from './payments/webhook.ts';
export { type AppRouter, appRouter, createCaller, replicaReadBudgetsMs } from './root.ts';
export { configureRouting, currentProcedure } from './routing.ts';
