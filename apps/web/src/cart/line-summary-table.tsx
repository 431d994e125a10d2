import { formatCents } from '../money.ts';
import { type ProductImage, ProductPicture } from '../pictures/product-picture.tsx';

interface SummaryLine {
  variantId: number;
  productName: string;
  variantName: string;
  sku: string;
  unitPriceCents: number;
  quantity: number;
  lineTotalCents: number;
  image?: ProductImage | null;
}

/** Read-only lines with their total: the checkout's "what you are buying" and an order's "what you bought". */
export function LineSummaryTable({
  caption,
  lines,
  totalCents,
}: {
  caption: string;
  lines: SummaryLine[];
  totalCents: number;
}) {
  return (
    <table className="line-summary">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col" className="numeric">
            Qty
          </th>
          <th scope="col" className="numeric">
            Price
          </th>
          <th scope="col" className="numeric">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.variantId}>
            <th scope="row">
              <span className="line-summary-item">
                <span className="line-summary-picture">
                  <ProductPicture image={line.image} sizes="3rem" decorative />
                </span>
                <span>
                  {line.productName}
                  <span className="muted"> · {line.variantName}</span>
                </span>
              </span>
            </th>
            <td className="numeric">{line.quantity}</td>
            <td className="numeric">{formatCents(line.unitPriceCents)}</td>
            <td className="numeric">{formatCents(line.lineTotalCents)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            Total
          </th>
          <td className="numeric">
            <strong>{formatCents(totalCents)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
