-- everything checkout writes, as one statement, run while the caller holds the variants' locks.
-- order_lines is a JSON array of CheckoutLine (packages/db/src/checkout-functions.ts): its keys are the
-- column names of the recordset below, which checkout-functions.test.ts keeps in step
create or replace function checkout_write_order(
  order_number text, order_email text, order_customer_id int, order_total_cents int,
  order_idempotency_key text, order_request_hash text, order_lines jsonb, emptied_cart_id int)
returns int
language plpgsql as $$
#variable_conflict use_column
declare
  new_order_id int;
begin
  with new_order as (
    insert into orders (number, email, customer_id, status, total_cents, idempotency_key, request_hash, created_at)
    values (order_number, order_email, order_customer_id, 'awaiting_payment', order_total_cents,
            order_idempotency_key, order_request_hash, now())
    returning id
  ), line as (
    select * from jsonb_to_recordset(order_lines) as l(
      "variantId" int, quantity int, sku text, "productName" text, "variantName" text, "unitPriceCents" int)
  ), lines as (
    insert into order_line (order_id, variant_id, sku, product_name, variant_name, unit_price_cents, quantity)
    select new_order.id, line."variantId", line.sku, line."productName", line."variantName", line."unitPriceCents", line.quantity
    from new_order, line
  ), ledger as (
    insert into stock_movement (variant_id, delta, reason, order_id, created_at)
    select line."variantId", -line.quantity, 'order', new_order.id, now() from new_order, line
  ), stock as (
    -- = any(array(...)) keeps this an index lookup of the locked rows: the planner guesses 100 rows
    -- for jsonb_to_recordset and would otherwise hash-join it against a scan of every variant
    update variant set stock_on_hand = variant.stock_on_hand - line.quantity
    from line
    where variant.id = any (array(select "variantId" from line)) and variant.id = line."variantId"
  ), emptied as (
    delete from cart_item where cart_id = emptied_cart_id
  )
  select id into new_order_id from new_order;
  return new_order_id;
end
$$;
