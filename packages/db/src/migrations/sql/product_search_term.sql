-- Each lexeme of a product's search vector with the rank a search for that one word gives it:
-- ts_rank itself, so for a one-word search the term index's order is exactly the order of the
-- results. The lexeme is quoted as a tsquery literal ('' for a quote, \\ for a backslash), so any
-- text a description holds stays one lexeme.
create or replace function product_search_terms(vector tsvector)
returns table (lexeme text, score real)
language sql immutable strict parallel safe as $$
  select term.lexeme,
         ts_rank(vector, ('''' || replace(replace(term.lexeme, '\', '\\'), '''', '''''') || '''')::tsquery)
  from unnest(vector) as term
$$;

-- Statement-level with transition tables: a bulk insert (the seeder's batches, an import) fills the
-- term table in one statement rather than one per product. Only products on sale have terms, so a
-- search's bounded candidate set is never spent on products it may not show.
create or replace function product_search_term_insert() returns trigger
language plpgsql as $$
begin
  insert into product_search_term (product_id, lexeme, score)
  select p.id, term.lexeme, term.score
  from new_products p cross join product_search_terms(p.search_vector) as term
  where p.active;
  return null;
end
$$;

-- only products whose words or sale status changed: a price change (admin.setPrice) costs nothing here
create or replace function product_search_term_update() returns trigger
language plpgsql as $$
declare
  changed int[];
begin
  select array_agg(n.id) into changed
  from new_products n join old_products o on o.id = n.id
  where (n.search_vector, n.active) is distinct from (o.search_vector, o.active);
  if changed is null then
    return null;
  end if;
  delete from product_search_term where product_id = any (changed);
  insert into product_search_term (product_id, lexeme, score)
  select p.id, term.lexeme, term.score
  from product p cross join product_search_terms(p.search_vector) as term
  where p.id = any (changed) and p.active;
  return null;
end
$$;

create or replace function product_search_term_delete() returns trigger
language plpgsql as $$
begin
  delete from product_search_term t using old_products o where t.product_id = o.id;
  return null;
end
$$;

create trigger product_search_term_insert after insert on product
  referencing new table as new_products
  for each statement execute function product_search_term_insert();
create trigger product_search_term_update after update on product
  referencing old table as old_products new table as new_products
  for each statement execute function product_search_term_update();
create trigger product_search_term_delete after delete on product
  referencing old table as old_products
  for each statement execute function product_search_term_delete();
