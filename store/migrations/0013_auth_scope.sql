-- Issue 13, items 10 and 15.
-- A password reset or a disabling ends every session of the user for good:
-- session_gen counts those events and a session keeps the count it was made
-- under, so re-enabling a user revives no old cookie.
{{.Alter "users" "ADD COLUMN session_gen UInt32 DEFAULT 0"}};
{{.Alter "sessions" "ADD COLUMN user_gen UInt32 DEFAULT 0"}};

-- A commune reporter's unit is a code of one era (codes are reused across
-- the 2025 reform), and its 2025 successor only when an administrator says
-- so. '' in old rows: the era is inferred where the code names a commune in
-- one era only; otherwise the reporter can act for nothing until an
-- administrator sets it (bdg user scope).
{{.Alter "users" "ADD COLUMN era String DEFAULT ''"}};
{{.Alter "users" "ADD COLUMN successor String DEFAULT ''"}};
{{.Alter "tokens" "ADD COLUMN era String DEFAULT ''"}};

-- A token may belong to a user: it stops when its owner is disabled.
{{.Alter "tokens" "ADD COLUMN owner String DEFAULT ''"}};
