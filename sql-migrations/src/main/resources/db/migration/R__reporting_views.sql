-- Every run's rows as the reporting views show them, with the run's id, status and name: not itself
-- part of the reporting interface (docs/publishing.md), which is the four views below. span_hours is the
-- window or lookback the category was ranked over: the run's, or the fallback span a sparse category
-- fell back to; a run published before ranking_category existed has no rows there and ranked every
-- category over its own span. (CREATE OR REPLACE VIEW only appends columns: a new one goes last.)
CREATE OR REPLACE VIEW ranking_rows AS
SELECT run.run_id, run.status, r.category_id, r.rank, r.product_id, r.total_sold, r.score, run.as_of,
       run.computed_at, coalesce(rc.span_hours, run.span_hours) AS span_hours, run.ranking_name
  FROM ranking_run run
  JOIN sales_rank r ON r.run_id = run.run_id
  LEFT JOIN ranking_category rc ON rc.run_id = r.run_id AND rc.category_id = r.category_id;

COMMENT ON VIEW ranking_rows IS
    'Every run''s rows with its run_id, status and ranking_name, as the reporting views show them.';

-- docs/publishing.md: each named ranking's whole current ranking, overall included under '*'.
CREATE OR REPLACE VIEW named_rank_current AS
SELECT c.ranking_name, category_id, rank, product_id, total_sold, score, as_of, computed_at, span_hours
  FROM current_ranking c
  JOIN ranking_rows r ON r.run_id = c.run_id;

COMMENT ON VIEW named_rank_current IS
    'Each named ranking''s whole current ranking (category_id * is the overall ranking); a name switches'
    ' atomically on its publish.';

-- docs/publishing.md: every kept published ranking of every name, the current ones included.
CREATE OR REPLACE VIEW named_rank_history AS
SELECT ranking_name, category_id, rank, product_id, total_sold, score, as_of, computed_at, span_hours
  FROM ranking_rows
 WHERE status = 'published';

COMMENT ON VIEW named_rank_history IS
    'Every kept published ranking of every name, the current ones included; how far back is the loader''s'
    ' --keep-hours.';

-- docs/publishing.md: sales_rank_current and sales_rank_history are named_rank_current and
-- named_rank_history for the ranking named default, without the name column.
DO $$
DECLARE
    v text;
BEGIN
    FOREACH v IN ARRAY ARRAY['current', 'history']
    LOOP
        EXECUTE format('CREATE OR REPLACE VIEW sales_rank_%1$s AS SELECT category_id, rank, product_id, total_sold,'
            ' score, as_of, computed_at, span_hours FROM named_rank_%1$s WHERE ranking_name = %2$L', v, 'default');
    END LOOP;
END
$$;

COMMENT ON VIEW sales_rank_current IS 'The whole current ranking named default (category_id * is the overall'
    ' ranking); switches atomically on publish.';
COMMENT ON VIEW sales_rank_history IS 'Every kept published ranking named default, the current one included;'
    ' how far back is the loader''s --keep-hours.';

-- The same words on span_hours in each view.
DO $$
DECLARE
    v text;
BEGIN
    FOREACH v IN ARRAY ARRAY['named_rank_current', 'named_rank_history', 'sales_rank_current', 'sales_rank_history']
    LOOP
        EXECUTE format('COMMENT ON COLUMN %I.span_hours IS %L', v,
            'The window (or, ranked by decay, the lookback) in hours over which the category was ranked: the'
            ' run''s, or for a sparse category the fallback span it was ranked over instead.');
    END LOOP;
END
$$;
