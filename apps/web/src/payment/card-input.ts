/**
 * Month and year as people type them: 08/29, 8/29, 08-2029, 08 29 or 0829. The month may lose its
 * leading zero only where a separator or the year's length leaves no doubt.
 */
const expiry = /^\s*(\d{1,2})\s*[/\-. ]?\s*(\d{2}|\d{4})\s*$/;

export function parseExpiry(text: string): { expMonth: number; expYear: number } | null {
  const match = expiry.exec(text);
  if (!match) return null;
  const [, month = '', year = ''] = match;
  const expMonth = Number(month);
  if (expMonth < 1 || expMonth > 12) return null;
  // a card's two-digit year is this century's
  return { expMonth, expYear: year.length === 2 ? 2000 + Number(year) : Number(year) };
}

/** Digits in groups of four as they are typed (4242 4242 …), the way the card shows them; anything else dropped. */
export function groupedCardNumber(text: string): string {
  return text
    .replace(/\D/g, '')
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ');
}
