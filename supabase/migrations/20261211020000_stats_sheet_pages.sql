-- The evaluation sheet (5,820 rows on the bench data) and the attention list (9,749) reached their
-- pages as whole JSON arrays that the app cut to 100 rows: ~0.5 s of sending and parsing JSON on
-- top of the SQL (evaluation page 1.09 s for 0.54 s of SQL). The pages now get their 100 rows.

/**
 * Page p_page (from 1; past the end: the last; below 1: the first) of p_page_size elements of a
 * JSON array, as {"total", "page", "pages", "rows"}.
 */
create function private.json_array_page(p_rows json, p_page int, p_page_size int)
returns json
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_total int := coalesce(pg_catalog.json_array_length(p_rows), 0);
  v_pages int := greatest(1, ceil(v_total::numeric / p_page_size))::int;
  v_page int := least(v_pages, greatest(1, p_page));
  v_rows json;
begin
  select coalesce(pg_catalog.json_agg(x.e order by x.i), '[]'::json) into v_rows
  from pg_catalog.json_array_elements(p_rows) with ordinality x(e, i)
  where x.i > (v_page - 1)::bigint * p_page_size and x.i <= v_page::bigint * p_page_size;
  return pg_catalog.json_build_object('total', v_total, 'page', v_page, 'pages', v_pages, 'rows', v_rows);
end;
$$;


/** One page of public.stats_evaluation_json, in its order. */
create function public.stats_evaluation_page(p_year int, p_lab_id uuid default null, p_page int default 1, p_page_size int default 100)
returns json
language plpgsql
stable
set search_path = ''
as $$
declare
  v_rows json;
begin
  perform private.check_page(p_page, p_page_size);
  -- computed once into a variable (passed as an expression, the inlined SQL function would
  -- compute it once per use)
  v_rows := public.stats_evaluation_json(p_year, p_lab_id);
  return private.json_array_page(v_rows, p_page, p_page_size);
end;
$$;

/** One page of public.stats_attention_json, in its order. */
create function public.stats_attention_page(p_from date, p_to date, p_lab_id uuid default null, p_as_of date default null,
  p_page int default 1, p_page_size int default 100)
returns json
language plpgsql
stable
set search_path = ''
as $$
declare
  v_rows json;
begin
  perform private.check_page(p_page, p_page_size);
  -- computed once into a variable (passed as an expression, the inlined SQL function would
  -- compute it once per use)
  v_rows := public.stats_attention_json(p_from, p_to, p_lab_id, p_as_of);
  return private.json_array_page(v_rows, p_page, p_page_size);
end;
$$;

revoke execute on all functions in schema private from public;
grant execute on function private.json_array_page(json, int, int) to authenticated;
revoke execute on function public.stats_evaluation_page(int, uuid, int, int) from public, anon;
revoke execute on function public.stats_attention_page(date, date, uuid, date, int, int) from public, anon;
grant execute on function public.stats_evaluation_page(int, uuid, int, int) to authenticated;
grant execute on function public.stats_attention_page(date, date, uuid, date, int, int) to authenticated;
