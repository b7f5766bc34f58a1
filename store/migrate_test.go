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
	if err != nil || v1 < 1002 {
		t.Fatalf("schema version after first migrate = %d, %v; want >= 1002", v1, err)
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
	if n, _ := s.LatestVersion(ctx, p.Era(), "06331", p); n != 1 {
		t.Errorf("latest version = %d, want 1", n)
	}
}

// TestValuesByIndicatorFollowsAndBackfills: the dashboards' copy of the
// values is filled on every insert, and a database that had values before
// migration 0005 gets them copied when it migrates.
func TestValuesByIndicatorFollowsAndBackfills(t *testing.T) {
	ctx := context.Background()
	cfg := chtest.Config(t)
	s := chtest.Open(t, cfg)
	p := period.MustParse("2024-H1")
	save := func(id, commune string, v float64) {
		t.Helper()
		r := model.Report{ID: id, Era: p.Era(), Commune: commune, Period: p, Version: 1, Status: model.StatusPublished,
			SourceKind: "json", SubmittedBy: "t", SubmittedAt: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)}
		if err := s.SaveReport(ctx, r, []model.Value{{Indicator: "listeners_reached", Value: v, Method: model.MethodTyped},
			{Indicator: "comm_sessions", Value: 4, Method: model.MethodTyped}}); err != nil {
			t.Fatal(err)
		}
	}
	copied := func() (n uint64, sum float64) {
		t.Helper()
		if err := s.Conn.QueryRow(ctx, "SELECT count(), sum(value) FROM values_by_indicator WHERE indicator = 'listeners_reached'").Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		return n, sum
	}
	save("a", "06331", 1500)
	if n, sum := copied(); n != 1 || sum != 1500 {
		t.Fatalf("after an insert: %d rows, sum %v; want 1, 1500", n, sum)
	}
	// An older database: no view, no copy, no record of 0005 and 1003.
	for _, q := range []string{"DROP TABLE values_by_indicator_mv", "DROP TABLE values_by_indicator",
		"ALTER TABLE schema_migrations DELETE WHERE version IN (5, 1003)"} {
		if err := s.Conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var left uint64
		if err := s.Conn.QueryRow(ctx, "SELECT count() FROM schema_migrations WHERE version IN (5, 1003)").Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the schema_migrations delete did not finish")
		}
	}
	save("b", "06337", 200) // stored while there was no copy
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n, sum := copied(); n != 2 || sum != 1700 {
		t.Fatalf("after migrating an older database: %d rows, sum %v; want 2, 1700", n, sum)
	}
	save("c", "06340", 30) // and the view works again
	if n, sum := copied(); n != 3 || sum != 1730 {
		t.Fatalf("after the migration, an insert: %d rows, sum %v; want 3, 1730", n, sum)
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
