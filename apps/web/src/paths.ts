/** Every storefront URL in one place, so links and routes cannot drift apart. */
export const paths = {
  catalog: '/',
  product: (slug: string) => `/products/${encodeURIComponent(slug)}`,
  cart: '/cart',
  checkout: '/checkout',
  orderLookup: '/orders',
  signIn: '/account/sign-in',
  myOrders: '/account/orders',
  order: (number: string) => `/orders/${encodeURIComponent(number)}`,
};
