-- Issue 16: the dashboards' reads in the order they ask, so that an answer
-- reads the periods it shows and no more, however many periods are stored.
-- Each table is filled by a materialized view on every insert (on each
-- shard, from the shard's own rows); step 15 copies what was there before.
-- Partitions by year (a period code starts with its year), as the tables they
-- copy: merges stay within a year, and the past years' parts stop changing.
-- Granules of 256 rows: a province's communes are a few runs of codes (Hà
-- Nội: four), and each run read reads up to a granule around it. A 40-month
-- trend of Hà Nội keeps 21,000 values; with granules of 1024 rows it read
-- 222,000, with 256 it reads 76,000.

-- The values by period, then indicator, then commune: one period of one
-- indicator for an area is a few small ranges.
CREATE TABLE IF NOT EXISTS {{.Table "values_by_period"}} (
    era          String,
    commune_code String,
    period       String,
    version      UInt32,
    indicator    String,
    value        Float64,
    created_at   DateTime
) ENGINE = {{.Replacing "values_by_period" "created_at"}}
PARTITION BY substring(period, 1, 4)
ORDER BY (period, indicator, commune_code, version)
SETTINGS index_granularity = 256;
{{.Distributed "values_by_period" "cityHash64(commune_code)"}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{.Table "values_by_period_mv"}} TO {{.Local "values_by_period"}}
AS SELECT era, commune_code, period, version, indicator, value, created_at FROM {{.Local "indicator_values"}};

-- Every row of the reports table, with only the columns the published
-- versions and the completeness matrix read, by period then commune (the
-- reports table is by commune, all its periods together).
CREATE TABLE IF NOT EXISTS {{.Table "reports_by_period"}} (
    era          String,
    commune_code String,
    period       String,
    version      UInt32,
    id           String,
    status       String,
    submitted_at DateTime,
    rev          UInt64
) ENGINE = {{.Replacing "reports_by_period" "rev"}}
PARTITION BY substring(period, 1, 4)
ORDER BY (period, commune_code, version)
SETTINGS index_granularity = 256;
{{.Distributed "reports_by_period" "cityHash64(commune_code)"}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{.Table "reports_by_period_mv"}} TO {{.Local "reports_by_period"}}
AS SELECT era, commune_code, period, version, id, status, submitted_at, rev FROM {{.Local "reports"}};

-- Which communes ever had a published report for a period: one row per
-- commune and period once merged, however many versions and status changes
-- it had. (A version leaves "published" only when another version of the
-- same report is published, so "ever published" is "published now".)
CREATE TABLE IF NOT EXISTS {{.Table "published_periods"}} (
    commune_code String,
    period       String,
    rev          UInt64
) ENGINE = {{.Replacing "published_periods" "rev"}}
ORDER BY (commune_code, period);
{{.Distributed "published_periods" "cityHash64(commune_code)"}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{.Table "published_periods_mv"}} TO {{.Local "published_periods"}}
AS SELECT commune_code, period, rev FROM {{.Local "reports"}} WHERE status = 'published';
