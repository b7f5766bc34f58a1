-- Administrative units of both eras. A code means different units before and
-- after the 1 July 2025 reform, so (era, level, code) is the key.
CREATE TABLE IF NOT EXISTS {{.Table "units"}} (
    era         String,
    level       String,
    code        String,
    name        String,
    type        String,
    parent_code String,
    valid_from  Date,
    valid_to    Date,
    loaded_at   DateTime
) ENGINE = {{.Replacing "units" "loaded_at"}}
ORDER BY (era, level, code);
{{.Distributed "units" "cityHash64(code)"}};

-- Which old units went into which new units on 1 July 2025 (whole or partial).
CREATE TABLE IF NOT EXISTS {{.Table "unit_lineage"}} (
    old_code  String,
    old_name  String,
    new_code  String,
    new_name  String,
    kind      String,
    loaded_at DateTime
) ENGINE = {{.Replacing "unit_lineage" "loaded_at"}}
ORDER BY (old_code, new_code);
{{.Distributed "unit_lineage" "cityHash64(old_code)"}};
