-- the cart row is locked (not its lines' rows): a repeat of the same checkout queues behind the first
create or replace function checkout_lock_cart(cart_token text)
returns table (id int, customer_id int, variant_id int, quantity int, product_name varchar)
language plpgsql as $$
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
