-- One row per submitted report version. A status change (draft → published →
-- superseded) inserts the same key with a higher rev; readers use FINAL.
CREATE TABLE IF NOT EXISTS {{.Table "reports"}} (
    id            String,
    era           String,
    commune_code  String,
    period        String,
    period_start  Date,
    period_end    Date,
    version       UInt32,
    status        String,
    source_kind   String,
    file_name     String,
    content_hash  String,
    submitted_by  String,
    submitted_at  DateTime,
    published_by  String,
    published_at  DateTime,
    note          String,
    warnings      String,
    rev           UInt64
) ENGINE = {{.Replacing "reports" "rev"}}
PARTITION BY toYear(period_start)
ORDER BY (era, commune_code, period, version);
{{.Distributed "reports" "cityHash64(commune_code)"}};

-- The bytes and normalised text of every file a commune sent, by content hash:
-- nothing sent is lost, and the same file twice is stored once.
CREATE TABLE IF NOT EXISTS {{.Table "report_files"}} (
    content_hash String,
    file_name    String,
    bytes        String,
    text         String,
    received_at  DateTime
) ENGINE = {{.Replacing "report_files" "received_at"}}
ORDER BY content_hash;
{{.Distributed "report_files" "cityHash64(content_hash)"}};

-- Indicator values of each report version, with the evidence they came from.
CREATE TABLE IF NOT EXISTS {{.Table "indicator_values"}} (
    report_id    String,
    era          String,
    commune_code String,
    period       String,
    period_start Date,
    version      UInt32,
    indicator    String,
    value        Float64,
    unit         String,
    evidence     String,
    ev_start     UInt32,
    ev_end       UInt32,
    confidence   Float32,
    method       String,
    created_by   String,
    created_at   DateTime
) ENGINE = {{.Replacing "indicator_values" "created_at"}}
PARTITION BY toYear(period_start)
ORDER BY (era, period, indicator, commune_code, version);
{{.Distributed "indicator_values" "cityHash64(commune_code)"}};
