/** Values a careless or hostile client sends, each of which must get a 4xx and never a 5xx. */

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = wrap(value);
  return value;
}

export const wrongTypes: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  {},
  [1, 'two', null],
  { $ne: null },
  { constructor: { prototype: { admin: true } } },
];

export const strings: string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'fixtures\u0000',
  '%00',
  '\ud800',
  '\udfff\ud800',
  '👩‍👩‍👧‍👦'.repeat(50),
  '\u202eevil.exe',
  'Z̴̡̛͎a̷l̸g̷o̴'.repeat(20),
  "' or 1=1 --",
  '"; drop table product; --',
  '$1',
  '\\',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is the payload
  '${1+1}',
  'x'.repeat(5_000),
  'é'.repeat(3_000),
];

/** Too big for a URL (431) but not for a body; the body limit itself is the other branch's. */
export const hugeString = 'x'.repeat(200_000);

export const deepValues: unknown[] = [
  nested(200, (inner) => ({ a: inner })),
  nested(200, (inner) => [inner]),
  nested(2_000, (inner) => [inner]),
];

/** Cursors shaped like catalog.products' own, with keys PostgreSQL cannot take. */
export const craftedCursors: unknown[] = [
  cursor(['relevance', 1e308, 1]),
  cursor(['relevance', 1e-50, 1]),
  cursor(['relevance', -1e39, 1]),
  cursor(['newest', '2026-13-45 25:61:61+00', 1]),
  cursor(['newest', '2026-02-30 00:00:00+00', 1]),
  cursor(['newest', '0000-01-01 00:00:00+00', 1]),
  cursor(['newest', '2026-01-01 00:00:00+99', 1]),
  cursor(['newest', '2026-01-01 00:00:00\u0000+00', 1]),
  cursor(['price_asc', 2 ** 31, 1]),
  cursor(['price_asc', 1, 2 ** 31]),
  cursor(['price_asc', 1, 0]),
  cursor(['price_desc', 'NaN', 1]),
  cursor(['newest', null, 1]),
  cursor({ sort: 'newest' }),
  cursor('newest'),
  'not base64 at all!',
  '',
  '\u0000',
  -1,
  2 ** 31,
];
