/** "MM/YY" or "MM/YYYY" as typed (spaces allowed), for the input's pattern and for parsing it. */
export const expiryPattern = String.raw`\s*(0?[1-9]|1[0-2])\s*/\s*(\d{2}|\d{4})\s*`;

export function parseExpiry(text: string): { expMonth: number; expYear: number } | null {
  const match = new RegExp(`^${expiryPattern}$`).exec(text);
  if (!match) return null;
  const [, month = '', year = ''] = match;
  // a card's two-digit year is this century's
  return { expMonth: Number(month), expYear: year.length === 2 ? 2000 + Number(year) : Number(year) };
}
