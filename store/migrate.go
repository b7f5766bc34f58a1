package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"text/template"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema step: SQL from an embedded file, or a Go
// function for reference data. Every step is idempotent on its own, so two
// processes migrating at once, or a rerun after a crash, are harmless.
type migration struct {
	version int
	name    string
	sql     string
	run     func(ctx context.Context, s *Store) error
}

func (s *Store) ddlVars() ddlVars {
	return ddlVars{cluster: s.cfg.Cluster, database: s.cfg.Database, replicated: s.cfg.Replicated,
		onCluster: s.ddl != nil && s.ddl.onCluster}
}

// goSteps are the migrations written in Go (reference data, backfills),
// numbered in the same sequence as the SQL files: one order on fresh and
// upgraded installs alike.
var goSteps = map[int]migration{
	6:  {name: "load_units", run: loadUnits},
	7:  {name: "seed_catalogue", run: seedCatalogue},
	8:  {name: "backfill_values_by_indicator", run: backfillValuesByIndicator},
	10: {name: "backfill_version_claims", run: backfillVersionClaims},
	12: {name: "seed_semantics", run: seedSemantics},
	15: {name: "backfill_by_period", run: backfillByPeriod},
}

// legacySteps maps the numbers the Go steps had before they joined the one
// sequence (1001-1003) to their numbers now, so an upgraded install does
// not run them again and reports the same schema version as a fresh one.
var legacySteps = map[int]int{1001: 6, 1002: 7, 1003: 8}

func (s *Store) migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	byVersion := map[int]migration{}
	for v, m := range goSteps {
		m.version = v
		byVersion[v] = m
	}
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration file %q is not NNNN_name.sql", e.Name())
		}
		if _, taken := byVersion[v]; taken {
			return nil, fmt.Errorf("store: migration %d is both %s and %s", v, byVersion[v].name, name)
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		tpl, err := template.New(e.Name()).Parse(string(b))
		if err != nil {
			return nil, fmt.Errorf("store: migration %s: %w", e.Name(), err)
		}
		var sb strings.Builder
		if err := tpl.Execute(&sb, s.ddlVars()); err != nil {
			return nil, fmt.Errorf("store: migration %s: %w", e.Name(), err)
		}
		byVersion[v] = migration{version: v, name: name, sql: sb.String()}
	}
	out := make([]migration, 0, len(byVersion))
	for v := 1; v <= len(byVersion); v++ {
		m, ok := byVersion[v]
		if !ok {
			return nil, fmt.Errorf("store: migrations skip number %d", v)
		}
		out = append(out, m)
	}
	return out, nil
}

// Migrate applies every migration not yet recorded and returns the schema
// version (the highest applied).
func (s *Store) Migrate(ctx context.Context) (int, error) {
	v := s.ddlVars()
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS ` + v.Table("schema_migrations") + ` (
		version UInt32, name String, applied_at DateTime
	) ENGINE = ` + v.Replacing("schema_migrations", "applied_at") + ` ORDER BY version`,
		v.Distributed("schema_migrations", "version"),
	} {
		if stmt == "" {
			continue
		}
		if err := s.ddl.exec(ctx, s.Conn, stmt); err != nil {
			return 0, fmt.Errorf("store: schema_migrations: %w", err)
		}
	}
	applied, err := s.appliedVersions(ctx)
	if err != nil {
		return 0, err
	}
	ms, err := s.migrations()
	if err != nil {
		return 0, err
	}
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		if err := s.apply(ctx, m); err != nil {
			return 0, fmt.Errorf("store: migration %04d %s: %w", m.version, m.name, err)
		}
		b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO schema_migrations (version, name, applied_at)")
		if err != nil {
			return 0, fmt.Errorf("store: record migration: %w", err)
		}
		if err := b.Append(uint32(m.version), m.name, time.Now()); err != nil {
			b.Abort()
			return 0, err
		}
		if err := b.Send(); err != nil {
			return 0, fmt.Errorf("store: record migration: %w", err)
		}
		s.log.Info("migration applied", "version", m.version, "name", m.name)
	}
	return s.SchemaVersion(ctx)
}

func (s *Store) apply(ctx context.Context, m migration) error {
	if m.run != nil {
		return m.run(ctx, s)
	}
	for _, stmt := range splitSQL(m.sql) {
		if err := s.ddl.exec(ctx, s.Conn, stmt); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) appliedVersions(ctx context.Context) (map[int]bool, error) {
	rows, err := s.Conn.Query(ctx, "SELECT DISTINCT version FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("store: read schema_migrations: %w", err)
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var v uint32
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		if now, ok := legacySteps[int(v)]; ok {
			out[now] = true
		} else {
			out[int(v)] = true
		}
	}
	return out, rows.Err()
}

// SchemaVersion is the highest migration of the one sequence that is
// applied, 0 before any.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	applied, err := s.appliedVersions(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	v := 0
	for n := range applied {
		v = max(v, n)
	}
	return v, nil
}

// splitSQL cuts a migration file into statements on semicolons at line ends,
// dropping comment-only pieces.
func splitSQL(sql string) []string {
	var out []string
	for _, part := range strings.Split(sql, ";\n") {
		var keep []string
		for _, line := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "--") {
				keep = append(keep, line)
			}
		}
		if stmt := strings.TrimSuffix(strings.TrimSpace(strings.Join(keep, "\n")), ";"); stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}

// backfillValuesByIndicator copies the values stored before migration 5
// created the view that fills values_by_indicator. The view exists by now,
// so nothing inserted meanwhile is missed; a value copied twice is the same
// row twice, which readers fold.
func backfillValuesByIndicator(ctx context.Context, s *Store) error {
	return s.Conn.Exec(ctx, `INSERT INTO values_by_indicator (era, commune_code, period, version, indicator, value, created_at)
		SELECT era, commune_code, period, version, indicator, value, created_at FROM indicator_values`)
}

// backfillByPeriod copies the values and report rows stored before migration
// 14 created the views that fill values_by_period, reports_by_period and
// published_periods. The views exist by now, so nothing inserted meanwhile
// is missed; a row copied twice is the same row twice, which the readers'
// GROUP BY and the tables' merges fold. A rerun after a crash is as harmless.
func backfillByPeriod(ctx context.Context, s *Store) error {
	for _, q := range []string{
		`INSERT INTO values_by_period (era, commune_code, period, version, indicator, value, created_at)
		SELECT era, commune_code, period, version, indicator, value, created_at FROM indicator_values`,
		`INSERT INTO reports_by_period (era, commune_code, period, version, id, status, submitted_at, rev)
		SELECT era, commune_code, period, version, id, status, submitted_at, rev FROM reports`,
		`INSERT INTO published_periods (commune_code, period, rev)
		SELECT commune_code, period, max(rev) FROM reports WHERE status = 'published' GROUP BY commune_code, period`,
	} {
		if err := s.Conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
