import type { RouterInputs } from '@holdfast/client';

export type PlaceOrderInput = RouterInputs['checkout']['placeOrder'];

interface SavedAttempt {
  /** What is being bought: cart lines, email and total. */
  fingerprint: string;
  input: PlaceOrderInput;
}

/**
 * One idempotency key per checkout attempt. Sending the same attempt again (after a timeout,
 * a lost connection, a "try again", even a reload) reuses its key, so the server places the
 * order at most once. Anything that changes the order starts a new attempt with a new key,
 * because the server refuses a key that comes back with a different body. The attempt lives in
 * sessionStorage, so it survives a reload of the tab but not the tab itself.
 */
export function checkoutAttemptFor(
  cartToken: string,
  order: { email: string; expectedTotal: number; lines: { variantId: number; quantity: number }[] },
): PlaceOrderInput {
  const fingerprint = JSON.stringify([
    order.email,
    order.expectedTotal,
    order.lines.map((line) => [line.variantId, line.quantity]),
  ]);
  const saved = read(cartToken);
  if (saved?.fingerprint === fingerprint) return saved.input;
  const input = {
    cartToken,
    email: order.email,
    expectedTotal: order.expectedTotal,
    idempotencyKey: newKey(),
  };
  write(cartToken, { fingerprint, input });
  return input;
}

/** An attempt that was sent but never answered, for this cart. */
export function unansweredCheckoutAttempt(cartToken: string): PlaceOrderInput | undefined {
  return read(cartToken)?.input;
}

export function forgetCheckoutAttempt(cartToken: string): void {
  memory.delete(cartToken);
  try {
    sessionStorage.removeItem(storageKey(cartToken));
  } catch {
    // nothing was stored
  }
}

// where sessionStorage is disabled, a retry on this page still reuses the key
const memory = new Map<string, SavedAttempt>();
const storageKey = (cartToken: string) => `holdfast.checkoutAttempt.${cartToken}`;

function read(cartToken: string): SavedAttempt | undefined {
  try {
    const stored = sessionStorage.getItem(storageKey(cartToken));
    if (stored) return JSON.parse(stored) as SavedAttempt;
  } catch {
    // fall back to memory
  }
  return memory.get(cartToken);
}

function write(cartToken: string, attempt: SavedAttempt): void {
  memory.set(cartToken, attempt);
  try {
    sessionStorage.setItem(storageKey(cartToken), JSON.stringify(attempt));
  } catch {
    // memory has it
  }
}

/** A fresh idempotency key: one per attempt at a write that must happen at most once. */
export function newKey(): string {
  // randomUUID exists only in secure contexts; a phone on http://192.168.x.x:3000 has getRandomValues alone
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
