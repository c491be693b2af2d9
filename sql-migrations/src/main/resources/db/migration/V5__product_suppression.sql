-- docs/cli.md and docs/publishing.md: the products the read API must not show (taken off sale, hidden,
-- banned), kept by `salesrank suppress`. Rankings and the reporting views do not change: the API
-- leaves these products out of its answers, polling this table with the current run.
CREATE TABLE product_suppression (
    product_id  text COLLATE "C" PRIMARY KEY,
    reason      text,
    added_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE product_suppression IS
    'Products the read API leaves out of every answer (ranks close up); rankings and views are unchanged.';
