-- The ranking rules beside the policy (docs/ranking-rules.md): what a line weighs (--metric), the
-- category tree, and the fallback spans of sparse categories (--min-products, --fallback-hours).
-- They are part of what a ranking is: re-publishing an as_of replaces only the run of the same policy
-- and the same rules; a run by other rules is another ranking, kept beside it.

-- Runs published before this migration counted units, used no tree and never fell back: the defaults.
ALTER TABLE ranking_run
    ADD COLUMN metric text NOT NULL DEFAULT 'units'
        CONSTRAINT ranking_run_metric_check CHECK (metric IN ('units', 'orders')),
    -- 0: sparse categories do not fall back.
    ADD COLUMN min_products integer NOT NULL DEFAULT 0
        CONSTRAINT ranking_run_min_products_check CHECK (min_products >= 0),
    -- The spans a sparse category may fall back to, increasing; null when min_products is 0.
    ADD COLUMN fallback_hours integer[],
    -- The SHA-256 of the category tree the run used (its _ranking.json's category_tree.sha256); null: none.
    ADD COLUMN category_tree_sha256 text;

ALTER TABLE ranking_run ADD CONSTRAINT ranking_run_fallback_hours_check
    CHECK (CASE WHEN min_products = 0 THEN fallback_hours IS NULL
                ELSE coalesce(cardinality(fallback_hours) > 0 AND 0 < ALL (fallback_hours), false) END);

-- Every category that has rows in a run ('*' included): its parent in the run's tree and the span it
-- was ranked over (the run's span_hours, or the fallback span it fell back to). The loader inserts a
-- run's categories with its rows, before anything names the run, so readers see both or neither. Runs
-- published before this migration have none: their categories were ranked over the run's span and
-- had no parent. The rows go with their run (ON DELETE CASCADE); the key serves the cascade too.
CREATE TABLE ranking_category (
    run_id       bigint           NOT NULL REFERENCES ranking_run (run_id) ON DELETE CASCADE,
    category_id  text COLLATE "C" NOT NULL,
    -- Null for a root, for a category the tree does not name, for '*' and when the run used no tree.
    parent_id    text COLLATE "C",
    span_hours   integer          NOT NULL CHECK (span_hours > 0),
    PRIMARY KEY (run_id, category_id)
);

COMMENT ON TABLE ranking_category IS
    'Each category of a run (* included): its parent in the run''s category tree and the hours it was ranked over.';
