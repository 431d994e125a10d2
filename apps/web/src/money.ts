const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Money travels as integer cents; it becomes a decimal only on screen. */
export function formatCents(cents: number): string {
  return usd.format(cents / 100);
}
