-- Which way is better for each indicator, and its target (JSON of
-- catalogue.Target; '' for none). Step 12 fills them for the built-in
-- indicators an admin has not edited.
{{.Alter "indicators" "ADD COLUMN direction String DEFAULT ''"}};
{{.Alter "indicators" "ADD COLUMN target String DEFAULT ''"}};

-- The publishing decision of a version (JSON of model.Decision: override
-- and its reason, warnings acknowledged, rules that failed) and the
-- conflicts its extraction found (JSON of []model.Conflict).
{{.Alter "reports" "ADD COLUMN decision String DEFAULT ''"}};
{{.Alter "reports" "ADD COLUMN conflicts String DEFAULT ''"}};

-- What a state-changing request decided beyond its values (JSON: a
-- publishing override and its reason, a restored version).
{{.Alter "audit" "ADD COLUMN detail String DEFAULT ''"}};
