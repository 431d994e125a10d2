/** Cards shaped like the real ones while the first page loads, so the grid does not jump when it arrives. */
export function ProductGridSkeleton({ cards = 8 }: { cards?: number }) {
  return (
    <>
      <p className="visually-hidden" aria-live="polite">
        Loading products…
      </p>
      <ul className="product-grid" aria-hidden="true">
        {Array.from({ length: cards }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing else to tell them apart
          <li key={index}>
            <div className="product-card skeleton-card">
              <div className="product-picture skeleton" />
              <div className="skeleton skeleton-line" />
              <div className="skeleton skeleton-line short" />
              <div className="skeleton skeleton-line short" />
              <div className="skeleton skeleton-line short" />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
