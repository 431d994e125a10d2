import { createBrowserRouter } from 'react-router';
import { CreateAccountPage } from './account/create-account-page.tsx';
import { MyOrdersPage } from './account/my-orders-page.tsx';
import { SignInPage } from './account/sign-in-page.tsx';
import { CartPage } from './cart/cart-page.tsx';
import { CatalogPage } from './catalog/catalog-page.tsx';
import { CheckoutPage } from './checkout/checkout-page.tsx';
import { NotFoundPage } from './layout/not-found-page.tsx';
import { SiteLayout } from './layout/site-layout.tsx';
import { OrderConfirmationPage } from './orders/order-confirmation-page.tsx';
import { OrderLookupPage } from './orders/order-lookup-page.tsx';
import { ProductPage } from './product/product-page.tsx';

export const storefrontRouter = createBrowserRouter([
  {
    element: <SiteLayout />,
    children: [
      { index: true, element: <CatalogPage /> },
      { path: 'products/:slug', element: <ProductPage /> },
      { path: 'cart', element: <CartPage /> },
      { path: 'checkout', element: <CheckoutPage /> },
      { path: 'orders', element: <OrderLookupPage /> },
      { path: 'orders/:number', element: <OrderConfirmationPage /> },
      { path: 'account/sign-in', element: <SignInPage /> },
      { path: 'account/create', element: <CreateAccountPage /> },
      { path: 'account/orders', element: <MyOrdersPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
