-- Every run's rows as the reporting views show them, with the run's id and status: not itself part of
-- the reporting interface (docs/publishing.md), which is the two views below. span_hours is the window
-- or lookback the category was ranked over: the run's, or the fallback span a sparse category fell back
-- to; a run published before ranking_category existed has no rows there and ranked every category over
-- its own span. (CREATE OR REPLACE VIEW only appends columns: a new one goes last.)
CREATE OR REPLACE VIEW ranking_rows AS
SELECT run.run_id, run.status, r.category_id, r.rank, r.product_id, r.total_sold, r.score, run.as_of,
       run.computed_at, coalesce(rc.span_hours, run.span_hours) AS span_hours
  FROM ranking_run run
  JOIN sales_rank r ON r.run_id = run.run_id
  LEFT JOIN ranking_category rc ON rc.run_id = r.run_id AND rc.category_id = r.category_id;

COMMENT ON VIEW ranking_rows IS
    'Every run''s rows with its run_id and status, as sales_rank_current and sales_rank_history show them.';

-- docs/publishing.md: the whole current ranking, overall included under '*'.
CREATE OR REPLACE VIEW sales_rank_current AS
SELECT category_id, rank, product_id, total_sold, score, as_of, computed_at, span_hours
  FROM current_ranking c
  JOIN ranking_rows USING (run_id);

COMMENT ON VIEW sales_rank_current IS
    'The whole current ranking (category_id * is the overall ranking); switches atomically on publish.';
COMMENT ON COLUMN sales_rank_current.span_hours IS
    'The window (or, ranked by decay, the lookback) in hours over which the category was ranked: the run''s,'
    ' or for a sparse category the fallback span it was ranked over instead.';

-- docs/publishing.md: every kept published ranking, the current one included, with the columns of
-- sales_rank_current. Runs being loaded or replaced by a re-run are not rankings anyone published.
CREATE OR REPLACE VIEW sales_rank_history AS
SELECT category_id, rank, product_id, total_sold, score, as_of, computed_at, span_hours
  FROM ranking_rows
 WHERE status = 'published';

COMMENT ON VIEW sales_rank_history IS
    'Every kept published ranking, the current one included; how far back is the loader''s --keep-hours.';
COMMENT ON COLUMN sales_rank_history.span_hours IS
    'The window (or, ranked by decay, the lookback) in hours over which the category was ranked: the run''s,'
    ' or for a sparse category the fallback span it was ranked over instead.';
