-- checkout's first round trip while no variant it might share is busy in the server process: the
-- cart row locked as checkout_lock_cart locks it, then its variants' rows in ascending id order, and
-- neither lock waits: a row held by anyone fails the call with lock_not_available at once, and
-- checkout takes its queued path (checkout-bulkhead.ts), which waits for them. Then the lines, read
-- under the locks with the prices and stock they are sold at. Three statements, each with a snapshot
-- of its own: the lines and the variants are read as they stand once locked. The generic plans, as
-- checkout_lock_cart
create or replace function checkout_lock_cart_and_variants(cart_token text)
returns table (id int, customer_id int, variant_id int, quantity int, product_name varchar,
               sku varchar, variant_name varchar, price_cents int, stock_on_hand int, on_sale boolean)
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
declare
  locked_cart_id int;
begin
  select c.id into locked_cart_id from cart c where c.token = cart_token for update nowait;
  if not found then
    return;
  end if;
  perform 1 from variant v
  where v.id in (select i.variant_id from cart_item i where i.cart_id = locked_cart_id)
  order by v.id
  for update of v nowait;
  return query
  select c.id, c.customer_id, i.variant_id, i.quantity, p.name, v.sku, v.name, v.price_cents,
         v.stock_on_hand, p.active
  from cart c
  left join (cart_item i join variant v on v.id = i.variant_id join product p on p.id = v.product_id)
    on i.cart_id = c.id
  where c.id = locked_cart_id
  order by i.id;
end
$$;
