-- docs/publishing.md: named rankings. Every run belongs to one name, and each name has its own current
-- ranking: current_ranking holds one row per name. Runs published before names existed are the
-- ranking named 'default', as is a run of a loader that names none.
ALTER TABLE ranking_run ADD COLUMN ranking_name text NOT NULL DEFAULT 'default'
    CONSTRAINT ranking_run_name_check CHECK (ranking_name ~ '^[a-z0-9_-]{1,32}$');

-- The product parent file (--product-parent) the run rolled variants up by, by content: a run with
-- another file is another ranking, as with another category tree.
ALTER TABLE ranking_run ADD COLUMN product_parent_sha256 text;

-- A name's runs by as_of: its current and comparison rankings, its retention.
CREATE INDEX ranking_run_name_as_of ON ranking_run (ranking_name, as_of);

ALTER TABLE current_ranking ADD COLUMN ranking_name text NOT NULL DEFAULT 'default';
ALTER TABLE current_ranking DROP CONSTRAINT current_ranking_pkey;
ALTER TABLE current_ranking DROP COLUMN singleton;
ALTER TABLE current_ranking ADD PRIMARY KEY (ranking_name);
ALTER TABLE current_ranking ALTER COLUMN ranking_name DROP DEFAULT;

-- docs/cli.md (stock): the stock list, replaced whole by `salesrank stock set` in one transaction, so
-- readers see the old list or the new one. A product it does not name has unknown stock.
CREATE TABLE product_stock (
    product_id  text COLLATE "C" PRIMARY KEY,
    in_stock    boolean     NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE product_stock IS
    'The stock list: in_stock for each product it names (the read API shows null for the others).';

-- One row, moved on by every change of the stock list in the same transaction: what the read API
-- polls, instead of reading a list of a million products every few seconds.
CREATE TABLE product_stock_version (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    version     bigint      NOT NULL,
    updated_at  timestamptz NOT NULL
);

INSERT INTO product_stock_version (version, updated_at) VALUES (0, now());
