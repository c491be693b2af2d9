-- The ranking schema. A ranking run is loaded and published in one transaction; the current
-- ranking is the run named by the single row of current_ranking, so readers switch from one run
-- to the next atomically.

CREATE TABLE ranking_run (
    run_id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hour              timestamptz      NOT NULL,  -- the ranked hour H
    as_of             timestamptz      NOT NULL,  -- end of the window, H + 1 hour
    policy_kind       text             NOT NULL CHECK (policy_kind IN ('window', 'decay')),
    window_hours      integer          CHECK (window_hours > 0),
    half_life_hours   double precision CHECK (half_life_hours > 0),
    lookback_hours    integer          CHECK (lookback_hours > 0),
    top_n             integer          NOT NULL CHECK (top_n > 0),
    computed_at       timestamptz      NOT NULL,
    published_at      timestamptz      NOT NULL,
    -- published: loaded whole (current or history); replaced: superseded by a re-run of its hour
    status            text             NOT NULL CHECK (status IN ('published', 'replaced')),
    row_count         bigint           NOT NULL CHECK (row_count >= 0),
    category_count    integer          NOT NULL CHECK (category_count >= 0),
    lines_read        bigint           NOT NULL,
    malformed_lines   bigint           NOT NULL,
    outside_window    bigint           NOT NULL,
    counted_lines     bigint           NOT NULL,
    manifest          jsonb            NOT NULL,  -- the ranking directory's _ranking.json
    CHECK ((policy_kind = 'window' AND window_hours IS NOT NULL AND half_life_hours IS NULL AND lookback_hours IS NULL)
        OR (policy_kind = 'decay' AND window_hours IS NULL AND half_life_hours IS NOT NULL AND lookback_hours IS NOT NULL))
);

-- Retention keeps the last published runs; re-publishing looks up a run by hour and policy.
CREATE INDEX ranking_run_published ON ranking_run (published_at DESC, run_id DESC) WHERE status = 'published';
CREATE INDEX ranking_run_hour ON ranking_run (hour);

-- The rows of every kept run. A run's rows are inserted (COPY) in the transaction that inserts its
-- ranking_run row and points current_ranking at it, so MVCC alone makes a publish atomic for
-- readers. Ids sort by their bytes (COLLATE "C"), as the ranking's tie-break does, which is also
-- cheaper to index. No foreign key to ranking_run and no per-row regex CHECK: the loader checks
-- every row before it is published (id alphabet, contiguous ranks, no duplicate product), and a
-- per-row trigger would double the cost of a publish. Retention deletes a run's rows, then its run.
CREATE TABLE sales_rank (
    run_id       bigint           NOT NULL,
    category_id  text COLLATE "C" NOT NULL,
    rank         integer          NOT NULL CHECK (rank > 0),
    product_id   text COLLATE "C" NOT NULL,
    total_sold   bigint           NOT NULL,
    score        double precision NOT NULL CHECK (score > 0),
    -- "top N of category X" of a run; also serves retention's delete by run.
    PRIMARY KEY (run_id, category_id, rank)
);

-- "ranks of product P" in a run.
CREATE INDEX sales_rank_product ON sales_rank (run_id, product_id);

CREATE TABLE current_ranking (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    run_id     bigint  NOT NULL REFERENCES ranking_run (run_id)
);

CREATE INDEX current_ranking_run ON current_ranking (run_id);
