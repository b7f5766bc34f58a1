-- values_by_indicator (migration 5) is read by nothing since the dashboards
-- read values_by_period (migration 14): stop filling it, and drop it.
{{.Drop "values_by_indicator_mv"}};
{{.Drop "values_by_indicator"}};
