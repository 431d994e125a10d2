import { ReadmeSection } from '@holdfast/db/readme-section';
import type { Access } from '../src/trpc.ts';

// Who may call what: every procedure of the router, checked cell by cell in access.test.ts and
// published in the README. Run `npm run access-table -w @holdfast/api` after changing it.

export const callers = ['anonymous', 'owner', 'otherCustomer', 'admin'] as const;
export type Caller = (typeof callers)[number];
export type Outcome = 'allowed' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';

export interface AccessRow {
  /** The builder the procedure is declared with (its meta), so the table cannot drift from the code. */
  access: Access;
  /** What the call is about, when it is about something customer A owns. */
  target?: string;
  outcomes: Record<Caller, Outcome>;
}

const everyone = {
  anonymous: 'allowed',
  owner: 'allowed',
  otherCustomer: 'allowed',
  admin: 'allowed',
} as const;
const ownerOnly = {
  anonymous: 'NOT_FOUND',
  owner: 'allowed',
  otherCustomer: 'NOT_FOUND',
  admin: 'NOT_FOUND',
} as const;
const signedIn = {
  anonymous: 'UNAUTHORIZED',
  owner: 'allowed',
  otherCustomer: 'allowed',
  admin: 'allowed',
} as const;
const admins = {
  anonymous: 'UNAUTHORIZED',
  owner: 'FORBIDDEN',
  otherCustomer: 'FORBIDDEN',
  admin: 'allowed',
} as const;

export const accessTable: Record<string, AccessRow> = {
  'catalog.categories': { access: 'public', outcomes: everyone },
  'catalog.products': { access: 'public', outcomes: everyone },
  'catalog.product': { access: 'public', outcomes: everyone },
  'cart.create': { access: 'public', outcomes: everyone },
  'cart.get': { access: 'public', target: "A's cart", outcomes: ownerOnly },
  'cart.setItem': { access: 'public', target: "A's cart", outcomes: ownerOnly },
  'checkout.placeOrder': { access: 'public', target: "A's cart", outcomes: ownerOnly },
  'checkout.pay': { access: 'public', target: "A's order (number + email)", outcomes: ownerOnly },
  'orders.get': { access: 'public', target: "A's order (number + email)", outcomes: ownerOnly },
  'orders.cancel': { access: 'public', target: "A's order (number + email)", outcomes: ownerOnly },
  'orders.mine': { access: 'customer', target: 'their own orders only', outcomes: signedIn },
  'account.register': { access: 'public', outcomes: everyone },
  'account.login': { access: 'public', outcomes: everyone },
  'account.logout': { access: 'public', outcomes: everyone },
  'account.me': { access: 'customer', outcomes: signedIn },
  'admin.createProduct': { access: 'admin', outcomes: admins },
  'admin.updateProduct': { access: 'admin', outcomes: admins },
  'admin.createVariant': { access: 'admin', outcomes: admins },
  'admin.setPrice': { access: 'admin', outcomes: admins },
  'admin.adjustStock': { access: 'admin', outcomes: admins },
  'admin.listOrders': { access: 'admin', outcomes: admins },
  'admin.refund': { access: 'admin', target: "A's paid order", outcomes: admins },
};

const shown: Record<Outcome, string> = {
  allowed: '✓',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
};

export function accessTableMarkdown(): string {
  const rows = Object.entries(accessTable).map(
    ([path, row]) =>
      `| \`${path}\` | ${row.access} | ${row.target ?? ''} | ${callers.map((caller) => shown[row.outcomes[caller]]).join(' | ')} |`,
  );
  return [
    '| procedure | declared as | called on | anonymous | customer A | customer B | admin |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export const accessTableSection = new ReadmeSection('access-table', 'npm run access-table -w @holdfast/api');

if (import.meta.main) accessTableSection.write(accessTableMarkdown());
