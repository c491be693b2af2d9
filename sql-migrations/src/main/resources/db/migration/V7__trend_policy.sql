-- docs/ranking-rules.md: the trend policy. A trend run keeps its recent span (trend_hours, T) and the
-- minimum of units now a product needs (trend_min_units); span_hours is T, the span total_sold sums
-- over. The policy's columns are checked together, as for the window and the decay.
ALTER TABLE ranking_run ADD COLUMN trend_hours integer CONSTRAINT ranking_run_trend_hours_check
    CHECK (trend_hours BETWEEN 1 AND 168);
ALTER TABLE ranking_run ADD COLUMN trend_min_units bigint CONSTRAINT ranking_run_trend_min_units_check
    CHECK (trend_min_units >= 0);

ALTER TABLE ranking_run DROP CONSTRAINT ranking_run_policy_kind_check;
ALTER TABLE ranking_run ADD CONSTRAINT ranking_run_policy_kind_check
    CHECK (policy_kind IN ('window', 'decay', 'trend'));

ALTER TABLE ranking_run DROP CONSTRAINT ranking_run_check;
ALTER TABLE ranking_run ADD CONSTRAINT ranking_run_policy_check CHECK (
    (policy_kind = 'window' AND window_hours IS NOT NULL AND half_life_hours IS NULL AND lookback_hours IS NULL
        AND trend_hours IS NULL AND trend_min_units IS NULL)
    OR (policy_kind = 'decay' AND window_hours IS NULL AND half_life_hours IS NOT NULL AND lookback_hours IS NOT NULL
        AND trend_hours IS NULL AND trend_min_units IS NULL)
    OR (policy_kind = 'trend' AND window_hours IS NULL AND half_life_hours IS NULL AND lookback_hours IS NULL
        AND trend_hours IS NOT NULL AND trend_min_units IS NOT NULL AND min_products = 0));
