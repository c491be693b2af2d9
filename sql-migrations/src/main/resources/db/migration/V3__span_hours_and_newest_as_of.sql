-- The current ranking is the published run with the newest as_of (of two with the same as_of, the
-- one published last), and history is kept by hours back from it (docs/cli.md). Each run
-- records the span it was ranked over, which the reporting views show (docs/publishing.md).

-- The window (window policy) or the lookback (decay policy), in hours. Runs published before this
-- migration were ranked over exactly that.
ALTER TABLE ranking_run ADD COLUMN span_hours integer;
UPDATE ranking_run SET span_hours = coalesce(window_hours, lookback_hours);
ALTER TABLE ranking_run ALTER COLUMN span_hours SET NOT NULL;
ALTER TABLE ranking_run ADD CONSTRAINT ranking_run_span_hours_check CHECK (span_hours > 0);

-- "The newest as_of among the published": which run a publish makes current, and the run that
-- re-publishing the same end with the same policy replaces.
CREATE INDEX ranking_run_newest ON ranking_run (as_of DESC, published_at DESC, run_id DESC) WHERE status = 'published';
