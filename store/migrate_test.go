package store_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
)

func TestMigrateTwiceAndConcurrently(t *testing.T) {
	ctx := context.Background()
	cfg := chtest.Config(t)
	s := chtest.Open(t, cfg) // first run
	v1, err := s.SchemaVersion(ctx)
	if err != nil || v1 != 16 {
		t.Fatalf("schema version after first migrate = %d, %v; want 16", v1, err)
	}
	// Second run on the same database, plus three processes' worth at once.
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := store.Open(ctx, cfg, slog.New(slog.DiscardHandler), 5*time.Second)
			if err != nil {
				errs <- err
				return
			}
			defer o.Close()
			if _, err := o.Migrate(ctx); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent migrate: %v", err)
	}
	if v2, _ := s.SchemaVersion(ctx); v2 != v1 {
		t.Errorf("schema version changed from %d to %d on rerun", v1, v2)
	}
	var communes, links, inds uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM units FINAL WHERE level = 'commune'").Scan(&communes); err != nil {
		t.Fatal(err)
	}
	if communes != 10035+3321 {
		t.Errorf("communes = %d, want %d (pre-2025 + 2025, no duplicates)", communes, 10035+3321)
	}
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM unit_lineage FINAL").Scan(&links); err != nil {
		t.Fatal(err)
	}
	if links != 10667 {
		t.Errorf("lineage rows = %d, want 10667", links)
	}
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM indicators FINAL").Scan(&inds); err != nil {
		t.Fatal(err)
	}
	if inds != 17 {
		t.Errorf("indicators = %d, want 17", inds)
	}
	u, ok, err := s.Unit(ctx, period.EraPre2025, "commune", "06331")
	if err != nil || !ok || u.Name != "Vạn Thủy" || u.ParentCode != "185" {
		t.Errorf("06331 pre-2025 = %+v %v %v, want xã Vạn Thủy in 185", u, ok, err)
	}
	u, ok, err = s.Unit(ctx, period.Era2025, "commune", "06337")
	if err != nil || !ok || u.Name != "Tân Tri" {
		t.Errorf("06337 in 2025 = %+v %v %v, want xã Tân Tri", u, ok, err)
	}
}

func TestReportVersionsRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := chtest.New(t)
	p := period.MustParse("2024-H1")
	at := time.Date(2024, 6, 28, 9, 0, 0, 0, time.UTC)
	r := model.Report{ID: "r1", Era: p.Era(), Commune: "06331", Period: p, Version: 1, Status: model.StatusDraft,
		SourceKind: "json", SubmittedBy: "tester", SubmittedAt: at}
	vals := []model.Value{{Indicator: "listeners_reached", Value: 1500, Method: model.MethodTyped}}
	if err := s.SaveReport(ctx, r, vals); err != nil {
		t.Fatal(err)
	}
	// Saving the same version again (a replay) must not duplicate anything.
	if err := s.SaveReport(ctx, r, vals); err != nil {
		t.Fatal(err)
	}
	r.Status, r.PublishedBy, r.PublishedAt = model.StatusPublished, "officer", at.Add(time.Hour)
	if err := s.SetStatus(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := s.Reports(ctx, model.ReportFilter{Communes: []string{"06331"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Status != model.StatusPublished || got[0].PublishedBy != "officer" {
		t.Fatalf("reports = %+v, want one published version", got)
	}
	v, err := s.Values(ctx, got[0])
	if err != nil || len(v) != 1 || v[0].Value != 1500 {
		t.Fatalf("values = %+v, %v", v, err)
	}
}

// TestByPeriodFollowsAndBackfills: the dashboards' copies of the values and
// report rows (migration 14) are filled on every insert, and a database that
// had data before migration 14 gets it copied when it migrates (step 15).
func TestByPeriodFollowsAndBackfills(t *testing.T) {
	ctx := context.Background()
	cfg := chtest.Config(t)
	s := chtest.Open(t, cfg)
	p := period.MustParse("2024-H1")
	save := func(id, commune string, v float64, status string) {
		t.Helper()
		r := model.Report{ID: id, Era: p.Era(), Commune: commune, Period: p, Version: 1, Status: status,
			SourceKind: "json", SubmittedBy: "t", SubmittedAt: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)}
		if err := s.SaveReport(ctx, r, []model.Value{{Indicator: "listeners_reached", Value: v, Method: model.MethodTyped},
			{Indicator: "comm_sessions", Value: 4, Method: model.MethodTyped}}); err != nil {
			t.Fatal(err)
		}
	}
	type copies struct {
		values  uint64
		sum     float64
		reports uint64
		periods uint64
	}
	copied := func() (c copies) {
		t.Helper()
		if err := s.Conn.QueryRow(ctx, "SELECT count(), sum(value) FROM values_by_period WHERE indicator = 'listeners_reached'").Scan(&c.values, &c.sum); err != nil {
			t.Fatal(err)
		}
		if err := s.Conn.QueryRow(ctx, "SELECT uniqExact(id) FROM reports_by_period").Scan(&c.reports); err != nil {
			t.Fatal(err)
		}
		if err := s.Conn.QueryRow(ctx, "SELECT uniqExact(commune_code, period) FROM published_periods").Scan(&c.periods); err != nil {
			t.Fatal(err)
		}
		return c
	}
	save("a", "06331", 1500, model.StatusPublished)
	if c := copied(); c != (copies{1, 1500, 1, 1}) {
		t.Fatalf("after an insert: %+v; want 1 value (sum 1500), 1 report, 1 published period", c)
	}
	// An older database: no views, no copies, no record of steps 14 to 16.
	for _, q := range []string{"DROP TABLE values_by_period_mv", "DROP TABLE values_by_period",
		"DROP TABLE reports_by_period_mv", "DROP TABLE reports_by_period",
		"DROP TABLE published_periods_mv", "DROP TABLE published_periods",
		"ALTER TABLE schema_migrations DELETE WHERE version >= 14"} {
		if err := s.Conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	waitDeleted(t, s, "version >= 14")
	save("b", "06337", 200, model.StatusPublished) // stored while there was no copy
	save("d", "06340", 5, model.StatusDraft)
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if c := copied(); c != (copies{3, 1705, 3, 2}) {
		t.Fatalf("after migrating an older database: %+v; want 3 values (sum 1705), 3 reports, 2 published periods", c)
	}
	save("c", "06343", 30, model.StatusPublished) // and the views work again
	if c := copied(); c != (copies{4, 1735, 4, 3}) {
		t.Fatalf("after the migration, an insert: %+v; want 4 values (sum 1735), 4 reports, 3 published periods", c)
	}
	var left uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name LIKE 'values_by_indicator%'").Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d values_by_indicator tables left after migration 16", left)
	}
}

// waitDeleted waits for an ALTER DELETE of schema_migrations rows (a
// mutation, applied in the background) to finish.
func waitDeleted(t *testing.T, s *store.Store, where string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var left uint64
		if err := s.Conn.QueryRow(context.Background(), "SELECT count() FROM schema_migrations WHERE "+where).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the schema_migrations delete did not finish")
		}
	}
}

// TestSaveVersionsInHalves: a batch large enough to be written in two halves
// at once stores every value and report, and a commune's published version
// superseded in the same batch ends superseded, whatever half finishes first.
func TestSaveVersionsInHalves(t *testing.T) {
	ctx := context.Background()
	s := chtest.New(t)
	p := period.MustParse("2024-H1")
	at := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	communes, err := s.CommunesByName(ctx, period.EraPre2025)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, u := range communes {
		codes[u.Code] = true
	}
	var list []string
	for c := range codes {
		list = append(list, c)
	}
	list = list[:2500]
	report := func(id, commune string, v uint32, status string) model.Report {
		return model.Report{ID: id, Era: p.Era(), Commune: commune, Period: p, Version: v, Status: status,
			SourceKind: "csv", SubmittedBy: "t", SubmittedAt: at}
	}
	vals := func(x float64) []model.Value {
		var out []model.Value
		for _, c := range []string{"comm_sessions", "listeners_reached", "plans_issued", "decisions_issued", "training_sessions",
			"training_attendance", "gbv_incidents", "gbv_victims_supported", "community_models", "contest_teams"} {
			out = append(out, model.Value{Indicator: c, Value: x, Method: model.MethodImported})
		}
		return out
	}
	// One batch, as an import of a table that lists each commune twice: for
	// every commune version 1 published, version 2 published, and version 1
	// superseded (SubmitBatch's status row, written after both).
	var batch []model.Version
	var superseded []model.Report
	for i, c := range list {
		batch = append(batch, model.Version{Report: report(fmt.Sprintf("a%d", i), c, 1, model.StatusPublished), Values: vals(1)},
			model.Version{Report: report(fmt.Sprintf("b%d", i), c, 2, model.StatusPublished), Values: vals(2)})
		superseded = append(superseded, report(fmt.Sprintf("a%d", i), c, 1, model.StatusSuperseded))
	}
	if err := s.SaveVersions(ctx, batch, superseded); err != nil {
		t.Fatal(err)
	}
	var values, published, old uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM indicator_values").Scan(&values); err != nil {
		t.Fatal(err)
	}
	if err := s.Conn.QueryRow(ctx, `SELECT countIf(st = 'published' AND version = 2), countIf(st != 'superseded' AND version = 1)
		FROM (SELECT version, argMax(status, rev) AS st FROM reports GROUP BY era, commune_code, period, version)`).Scan(&published, &old); err != nil {
		t.Fatal(err)
	}
	if values != 2*2500*10 || published != 2500 || old != 0 {
		t.Errorf("values %d (want 50000), version 2 published %d (want 2500), version 1 not superseded %d (want 0)", values, published, old)
	}
}

// TestLegacyStepNumbers: an install migrated when the Go steps were numbered
// 1001-1003 runs none of them again and reports the same schema version as
// a fresh one.
func TestLegacyStepNumbers(t *testing.T) {
	ctx := context.Background()
	cfg := chtest.Config(t)
	s := chtest.Open(t, cfg)
	fresh, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Rewrite the record as an older bdg left it: 6, 7, 8 as 1001-1003.
	if err := s.Conn.Exec(ctx, "ALTER TABLE schema_migrations DELETE WHERE version IN (6, 7, 8)"); err != nil {
		t.Fatal(err)
	}
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO schema_migrations (version, name, applied_at)")
	if err != nil {
		t.Fatal(err)
	}
	for v, name := range map[uint32]string{1001: "load_units", 1002: "seed_catalogue", 1003: "backfill_values_by_indicator"} {
		if err := b.Append(v, name, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var left uint64
		if err := s.Conn.QueryRow(ctx, "SELECT count() FROM schema_migrations WHERE version IN (6, 7, 8)").Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the schema_migrations delete did not finish")
		}
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != fresh {
		t.Fatalf("legacy schema version = %d, %v; want %d", v, err, fresh)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var reran uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM schema_migrations WHERE version IN (6, 7, 8)").Scan(&reran); err != nil {
		t.Fatal(err)
	}
	if reran != 0 {
		t.Errorf("%d legacy steps ran again under their new numbers", reran)
	}
}

// TestClaimVersionsAcrossConnections: writers on separate connection pools
// (as separate processes are) claiming numbers for one commune and period at
// once never get the same number, and every claim gets one.
func TestClaimVersionsAcrossConnections(t *testing.T) {
	ctx := context.Background()
	cfg := chtest.Config(t)
	chtest.Open(t, cfg)
	p := period.MustParse("2024-H1")
	const writers, each = 4, 15
	got := make([][]uint32, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := store.Open(ctx, cfg, slog.New(slog.DiscardHandler), 5*time.Second)
			if err != nil {
				t.Error(err)
				return
			}
			defer o.Close()
			for i := range each {
				id := fmt.Sprintf("w%d-%d", w, i)
				n, err := o.ClaimVersions(ctx, []store.Claim{{Era: p.Era(), Commune: "06331", Period: p, ID: id}})
				if err != nil {
					t.Error(err)
					return
				}
				got[w] = append(got[w], n[id])
			}
		}()
	}
	wg.Wait()
	seen := map[uint32]string{}
	for w, ns := range got {
		if len(ns) != each {
			t.Fatalf("writer %d got %d numbers, want %d", w, len(ns), each)
		}
		for i, n := range ns {
			if n == 0 {
				t.Errorf("writer %d claim %d got no number", w, i)
			}
			if other, dup := seen[n]; dup {
				t.Errorf("version %d given twice: %s and w%d-%d", n, other, w, i)
			}
			seen[n] = fmt.Sprintf("w%d-%d", w, i)
		}
		for i := 1; i < len(ns); i++ {
			if ns[i] <= ns[i-1] {
				t.Errorf("writer %d: numbers not increasing: %v", w, ns)
			}
		}
	}
}

// TestClaimVersionsKeepsAnIDsNumber: a submission replayed with its id (a
// spool entry after a crash between the claim and the rows) keeps the
// number it owns, while a new id gets the next.
func TestClaimVersionsKeepsAnIDsNumber(t *testing.T) {
	ctx := context.Background()
	s := chtest.New(t)
	p := period.MustParse("2024-H1")
	claim := func(id string) uint32 {
		t.Helper()
		n, err := s.ClaimVersions(ctx, []store.Claim{{Era: p.Era(), Commune: "06331", Period: p, ID: id}})
		if err != nil {
			t.Fatal(err)
		}
		return n[id]
	}
	if a, again, b := claim("a"), claim("a"), claim("b"); a != 1 || again != 1 || b != 2 {
		t.Errorf("a = %d, a again = %d, b = %d; want 1, 1, 2", a, again, b)
	}
}
