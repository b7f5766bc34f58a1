-- Access control (issue 5). Users, sessions and tokens are ReplacingMergeTree
-- tables keyed on a nanosecond rev (updated_at is second-precise, rev orders
-- two changes within one second); readers use FINAL. The audit log is
-- append-only.
CREATE TABLE IF NOT EXISTS {{.Table "users"}} (
    name          String,
    role          String,
    commune       String,
    password_hash String,
    disabled      UInt8,
    created_at    DateTime,
    updated_at    DateTime,
    updated_by    String,
    rev           UInt64
) ENGINE = {{.Replacing "users" "rev"}}
ORDER BY name;
{{.Distributed "users" "cityHash64(name)"}};

-- Server-side web sessions, by the sha256 of the cookie value.
CREATE TABLE IF NOT EXISTS {{.Table "sessions"}} (
    id_hash    String,
    user       String,
    csrf       String,
    remote     String,
    created_at DateTime,
    last_seen  DateTime,
    expires_at DateTime,
    revoked    UInt8,
    rev        UInt64
) ENGINE = {{.Replacing "sessions" "rev"}}
ORDER BY id_hash;
{{.Distributed "sessions" "cityHash64(id_hash)"}};

-- API bearer tokens: only the sha256 of the token is kept.
CREATE TABLE IF NOT EXISTS {{.Table "tokens"}} (
    id         String,
    hash       String,
    role       String,
    commune    String,
    label      String,
    created_at DateTime,
    created_by String,
    revoked    UInt8,
    revoked_at DateTime,
    rev        UInt64
) ENGINE = {{.Replacing "tokens" "rev"}}
ORDER BY id;
{{.Distributed "tokens" "cityHash64(id)"}};

-- Every state-changing request: who, from where, what, and for report
-- corrections and publishing the values before and after (JSON). at_ns
-- (Unix nanoseconds) orders the entries of one second.
CREATE TABLE IF NOT EXISTS {{.Table "audit"}} (
    at       DateTime,
    at_ns    UInt64,
    user     String,
    role     String,
    remote   String,
    method   String,
    path     String,
    route    String,
    status   UInt16,
    action   String,
    target   String,
    before   String,
    after    String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, user);
{{.Distributed "audit" "rand()"}};
