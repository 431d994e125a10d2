-- the cart row is locked (not its lines' rows): a repeat of the same checkout queues behind the first.
-- The generic plan: left to choose, PostgreSQL planned the four-table join for every cart anew
-- (0.07-0.11 ms of each order in pg_stat_statements), though any token finds one cart by its
-- unique index and the plan is the same for all
create or replace function checkout_lock_cart(cart_token text)
returns table (id int, customer_id int, variant_id int, quantity int, product_name varchar)
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
begin
  return query
  select c.id, c.customer_id, i.variant_id, i.quantity, p.name
  from cart c
  left join (cart_item i join variant v on v.id = i.variant_id join product p on p.id = v.product_id)
    on i.cart_id = c.id
  where c.token = cart_token
  order by i.id
  for update of c;
end
$$;
