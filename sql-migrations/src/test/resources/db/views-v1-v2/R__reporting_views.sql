-- docs/publishing.md: the whole current ranking, overall included under '*'.
CREATE OR REPLACE VIEW sales_rank_current AS
SELECT r.category_id,
       r.rank,
       r.product_id,
       r.total_sold,
       r.score,
       run.as_of,
       run.computed_at
  FROM current_ranking c
  JOIN ranking_run run ON run.run_id = c.run_id
  JOIN sales_rank r ON r.run_id = c.run_id;

COMMENT ON VIEW sales_rank_current IS
    'The whole current ranking (category_id * is the overall ranking); switches atomically on publish.';
