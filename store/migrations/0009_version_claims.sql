-- Version numbers that stay unique across processes and servers. A writer
-- inserts a claim (its report id at the number it wants), then reads the
-- claims at that number back: it owns the number only when its claim is the
-- only one there; otherwise it claims the next number. Claims are never
-- replaced (plain MergeTree keyed on the id too), so two claims at one number
-- are both seen. backfill_version_claims (step 10) claims the numbers of the
-- versions stored before this step.
CREATE TABLE IF NOT EXISTS {{.Table "version_claims"}} (
    era          String,
    commune_code String,
    period       String,
    version      UInt32,
    report_id    String,
    claimed_at   DateTime
) ENGINE = {{.MergeTree "version_claims"}}
ORDER BY (era, commune_code, period, version, report_id);
{{.Distributed "version_claims" "cityHash64(commune_code)"}};

-- The version a correction or a restore was made from (0: as received).
{{.Alter "reports" "ADD COLUMN based_on UInt32 DEFAULT 0"}};
