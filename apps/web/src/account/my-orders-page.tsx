import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { OrderHistoryList } from '../orders/order-history-list.tsx';
import { paths } from '../paths.ts';
import { useTRPC } from '../trpc.ts';
import type { ReturnToState } from './return-to.ts';
import { useAccount } from './use-account.ts';

export function MyOrdersPage() {
  const { customer, isPending } = useAccount();
  const signInState: ReturnToState = { returnTo: paths.myOrders };
  return (
    <section aria-labelledby="my-orders-heading">
      <title>My orders · Holdfast</title>
      <h1 id="my-orders-heading">My orders</h1>
      {isPending ? (
        <p aria-live="polite">Loading…</p>
      ) : customer ? (
        <OrderHistory />
      ) : (
        <p>
          <Link to={paths.signIn} state={signInState}>
            Sign in
          </Link>{' '}
          to see the orders placed with your account. For an order placed without one,{' '}
          <Link to={paths.orderLookup}>find it by its number and email</Link>.
        </p>
      )}
    </section>
  );
}

function OrderHistory() {
  const trpc = useTRPC();
  const orders = useInfiniteQuery(
    trpc.orders.mine.infiniteQueryOptions(
      { limit: 20 },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        // a customer looks here for the order they just placed or paid
        staleTime: 0,
      },
    ),
  );

  if (!orders.data) {
    if (orders.isError)
      return (
        <ApiProblemMessage problem={describeApiProblem(orders.error)} onRetry={() => orders.refetch()} />
      );
    return <p aria-live="polite">Loading your orders…</p>;
  }
  const items = orders.data.pages.flatMap((page) => page.items);
  if (items.length === 0)
    return (
      <p className="empty-state">
        No orders yet. Orders you place while signed in appear here.{' '}
        <Link to={paths.catalog}>Find something you like</Link>.
      </p>
    );
  return (
    <>
      <OrderHistoryList orders={items} />
      {orders.hasNextPage && (
        <div className="load-more">
          <button type="button" onClick={() => orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
            {orders.isFetchingNextPage ? 'Loading…' : 'Show older orders'}
          </button>
        </div>
      )}
      {orders.isFetchNextPageError && (
        <ApiProblemMessage
          problem={describeApiProblem(orders.error)}
          onRetry={() => orders.fetchNextPage()}
        />
      )}
    </>
  );
}
