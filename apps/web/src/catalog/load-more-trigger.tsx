import { useEffect, useEffectEvent, useRef } from 'react';

interface Props {
  hasMore: boolean;
  loading: boolean;
  /** Off after a failed page, so scrolling does not hammer a failing server; the button still works. */
  autoLoad: boolean;
  onLoadMore: () => void;
}

/**
 * Loads the next page when the end of the list scrolls into view; the button stays for
 * keyboard users, browsers without IntersectionObserver, and anyone who would rather click.
 */
export function LoadMoreTrigger({ hasMore, loading, autoLoad, onLoadMore }: Props) {
  const sentinel = useRef<HTMLDivElement>(null);
  const loadMore = useEffectEvent(onLoadMore);

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasMore || loading || !autoLoad || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadMore();
      },
      // start before the very end so scrolling rarely waits
      { rootMargin: '600px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, loading, autoLoad]);

  if (!hasMore) return <p className="muted list-end">That is everything.</p>;
  return (
    <div ref={sentinel} className="load-more">
      <button type="button" onClick={onLoadMore} disabled={loading}>
        {loading ? 'Loading…' : 'Load more products'}
      </button>
    </div>
  );
}
