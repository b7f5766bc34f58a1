package store_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
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
	r := store.Report{ID: "r1", Era: p.Era(), Commune: "06331", Period: p, Version: 1, Status: store.StatusDraft,
		SourceKind: "json", SubmittedBy: "tester", SubmittedAt: at}
	vals := []store.Value{{Indicator: "listeners_reached", Value: 1500, Method: store.MethodTyped}}
	if err := s.SaveReport(ctx, r, vals); err != nil {
		t.Fatal(err)
	}
	// Saving the same version again (a replay) must not duplicate anything.
	if err := s.SaveReport(ctx, r, vals); err != nil {
		t.Fatal(err)
	}
	r.Status, r.PublishedBy, r.PublishedAt = store.StatusPublished, "officer", at.Add(time.Hour)
	if err := s.SetStatus(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := s.Reports(ctx, store.ReportFilter{Communes: []string{"06331"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Status != store.StatusPublished || got[0].PublishedBy != "officer" {
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
