/** The product page's shape while it loads: the gallery's box and the buy box's lines, where they will be. */
export function ProductPageSkeleton() {
  return (
    <div className="product-detail">
      <p className="visually-hidden" aria-live="polite">
        Loading product…
      </p>
      <div className="product-layout" aria-hidden="true">
        <div className="gallery">
          <div className="product-picture skeleton" />
        </div>
        <div className="buy-box">
          <div className="skeleton skeleton-heading" />
          <div className="skeleton skeleton-line short" />
          <div className="skeleton skeleton-line" />
          <div className="skeleton skeleton-line" />
        </div>
      </div>
    </div>
  );
}
