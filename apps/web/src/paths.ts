/** Every storefront URL in one place, so links and routes cannot drift apart. */
export const paths = {
  catalog: '/',
  product: (slug: string) => `/products/${encodeURIComponent(slug)}`,
  cart: '/cart',
  checkout: '/checkout',
  orderLookup: '/orders',
  order: (number: string) => `/orders/${encodeURIComponent(number)}`,
  signIn: '/account/sign-in',
  createAccount: '/account/create',
  myOrders: '/account/orders',
};
