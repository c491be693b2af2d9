-- Each run's rows in a partition of their own, sales_rank_r<run_id>. The loader copies a run into a
-- new table with no index, attaches it (which builds its indexes in bulk, several times faster than
-- maintaining them row by row) and commits; only then, in a second transaction, does it point
-- current_ranking at the run. A run that is attached but not yet published has status 'loading'.
-- Retention detaches a run's partition concurrently and drops it whole: no DELETE, no dead rows.

ALTER TABLE ranking_run DROP CONSTRAINT ranking_run_status_check;
ALTER TABLE ranking_run ADD CONSTRAINT ranking_run_status_check
    CHECK (status IN ('loading', 'published', 'replaced'));

-- The view is bound to the table it reads: dropped here and recreated below, as R__reporting_views
-- defines it (a database whose R__ is already applied would not run it again).
DROP VIEW IF EXISTS sales_rank_current;

ALTER TABLE sales_rank RENAME TO sales_rank_v1;
ALTER TABLE sales_rank_v1 RENAME CONSTRAINT sales_rank_pkey TO sales_rank_v1_pkey;
ALTER INDEX sales_rank_product RENAME TO sales_rank_v1_product;

CREATE TABLE sales_rank (
    run_id       bigint           NOT NULL,
    category_id  text COLLATE "C" NOT NULL,
    rank         integer          NOT NULL CHECK (rank > 0),
    product_id   text COLLATE "C" NOT NULL,
    total_sold   bigint           NOT NULL,
    score        double precision NOT NULL CHECK (score > 0),
    -- "top N of category X" of a run.
    PRIMARY KEY (run_id, category_id, rank)
) PARTITION BY LIST (run_id);

-- "ranks of product P" in a run.
CREATE INDEX sales_rank_product ON sales_rank (run_id, product_id);

-- Runs published before this migration move into partitions of their own.
DO $$
DECLARE
    r bigint;
BEGIN
    FOR r IN SELECT DISTINCT run_id FROM sales_rank_v1 LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF sales_rank FOR VALUES IN (%s)', 'sales_rank_r' || r, r);
    END LOOP;
END
$$;
INSERT INTO sales_rank SELECT run_id, category_id, rank, product_id, total_sold, score FROM sales_rank_v1;
DROP TABLE sales_rank_v1;

CREATE VIEW sales_rank_current AS
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
