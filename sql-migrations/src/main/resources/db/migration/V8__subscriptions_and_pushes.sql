-- docs/pushes.md: sellers' subscriptions to rank changes, and every push made to them.

-- A webhook: where to POST, for which ranking name, and what it watches (products, categories' top
-- lists, or both). sent_run_id and sent_as_of name the ranking the last push was made from: the next
-- push carries the changes since it. host is the URL's host (and port), what /prometheus groups by.
CREATE TABLE subscription (
    subscription_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url             text        NOT NULL CONSTRAINT subscription_url_check CHECK (url ~ '^https?://'),
    host            text        NOT NULL,
    ranking_name    text        NOT NULL CONSTRAINT subscription_ranking_name_check
                                CHECK (ranking_name ~ '^[a-z0-9_-]{1,32}$'),
    products        text[]      NOT NULL DEFAULT '{}',
    categories      text[]      NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_run_id     bigint,
    sent_as_of      timestamptz,
    CONSTRAINT subscription_watches_check CHECK (cardinality(products) + cardinality(categories) > 0)
);

CREATE INDEX subscription_ranking_name ON subscription (ranking_name);

-- The shared secrets, in a table of their own: the read API and reporting users need no grant on it.
CREATE TABLE subscription_secret (
    subscription_id bigint PRIMARY KEY REFERENCES subscription ON DELETE CASCADE,
    secret          text   NOT NULL
);

-- What each subscription was last sent: its watched entries of the ranking sent_run_id names, the
-- ranks as the read API showed them (suppressed products left out, ranks closed up).
CREATE TABLE subscription_sent (
    subscription_id bigint  NOT NULL REFERENCES subscription ON DELETE CASCADE,
    category_id     text    COLLATE "C" NOT NULL,
    product_id      text    COLLATE "C" NOT NULL,
    rank            integer NOT NULL,
    PRIMARY KEY (subscription_id, category_id, product_id)
);

-- Every push: one per subscription and published ranking with changes, its body fixed when it is
-- made, so that every retry sends the same bytes under the same delivery_id.
CREATE TABLE notification_delivery (
    delivery_id     uuid        PRIMARY KEY,
    subscription_id bigint      NOT NULL REFERENCES subscription ON DELETE CASCADE,
    ranking_name    text        NOT NULL,
    as_of           timestamptz NOT NULL,
    compared_to     timestamptz,
    status          text        NOT NULL CONSTRAINT notification_delivery_status_check
                                CHECK (status IN ('pending', 'delivered')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_attempt_at timestamptz,
    change_count    integer     NOT NULL CHECK (change_count > 0),
    body            text        NOT NULL,
    CONSTRAINT notification_delivery_delivered_check CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);

CREATE INDEX notification_delivery_pending ON notification_delivery (ranking_name, created_at)
    WHERE status = 'pending';
CREATE INDEX notification_delivery_subscription ON notification_delivery (subscription_id, created_at);

COMMENT ON TABLE notification_delivery IS
    'Every push to a subscription (salesrank notify): pending until a 2xx answer, then delivered.';

-- Only the owner (the loader's role) reads the secrets: whatever the schema's default privileges gave
-- others when the table was created (docs/publishing.md gives the reader SELECT on every new table) is
-- taken back.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
              WHERE table_name = 'subscription_secret' AND grantee <> current_user LOOP
        EXECUTE format('REVOKE ALL ON subscription_secret FROM %I', r.grantee);
    END LOOP;
END $$;
