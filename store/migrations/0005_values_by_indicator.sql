-- The values again, in the order the dashboards read them: one indicator
-- over a range of communes (a province's codes are contiguous) and many
-- periods. indicator_values' own order (era, period, indicator, …) suits one
-- period at a time; at national scale this copy answers a 20-period trend
-- about three times faster. The materialized view fills it on every insert
-- into indicator_values (on each shard, from the shard's own rows); step
-- 1003 copies what was there before.
CREATE TABLE IF NOT EXISTS {{.Table "values_by_indicator"}} (
    era          String,
    commune_code String,
    period       String,
    version      UInt32,
    indicator    String,
    value        Float64,
    created_at   DateTime
) ENGINE = {{.Replacing "values_by_indicator" "created_at"}}
ORDER BY (indicator, commune_code, period, version);
{{.Distributed "values_by_indicator" "cityHash64(commune_code)"}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{.Table "values_by_indicator_mv"}} TO {{.Local "values_by_indicator"}}
AS SELECT era, commune_code, period, version, indicator, value, created_at FROM {{.Local "indicator_values"}};
