-- The indicator catalogue as data; the newest updated_at row of a code wins.
CREATE TABLE IF NOT EXISTS {{.Table "indicators"}} (
    code          String,
    name_vi       String,
    name_en       String,
    unit          String,
    unit_en       String,
    over_communes String,
    over_periods  String,
    numerator     String,
    denominator   String,
    parent        String,
    sort_order    Int32,
    updated_at    DateTime
) ENGINE = {{.Replacing "indicators" "updated_at"}}
ORDER BY code;
{{.Distributed "indicators" "cityHash64(code)"}};
