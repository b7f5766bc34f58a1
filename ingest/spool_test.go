package ingest

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/deploy"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
)

// TestSpoolFullAndRestart covers the two remaining faults: a spool that
// cannot write answers 503 and acknowledges nothing; a bdg killed with
// entries in its spool loads them after a restart (a new Service on the
// same folder), exactly once.
func TestSpoolFullAndRestart(t *testing.T) {
	chtest.Long(t, "starts and kills its own ClickHouse")
	ctx := context.Background()
	dir := t.TempDir()
	local, err := deploy.Start(ctx, filepath.Join(dir, "ch"), deploy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer local.Kill()
	st := chtest.Open(t, store.Config{Addr: []string{local.Addr()}, Password: local.Password.Reveal(), Database: "bdg"})
	spoolDir := filepath.Join(dir, "spool")
	sp, err := OpenSpool(spoolDir)
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.TestMode)
	api := func(sp *Spool) http.Handler {
		return apiRouter(t, NewService(st, testNow, nil).WithSpool(sp), officer, nil)
	}
	if err := local.Kill(); err != nil {
		t.Fatal(err)
	}
	// Two submissions reach the spool while ClickHouse is down...
	h := api(sp)
	a := postJSON(t, h, "/api/v1/reports", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":1500}}`)
	b := postJSON(t, h, "/api/v1/reports", `{"commune":"06337","period":"2024-H1","values":{"listeners_reached":900}}`)
	if a.Status != 202 || b.Status != 202 {
		t.Fatalf("spooled = %d, %d; want 202", a.Status, b.Status)
	}
	// ...then the disk fills up: the spool folder can no longer take files.
	full := filepath.Join(dir, "full")
	if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	fullSpool := &Spool{dir: full} // a file where a folder should be: every write fails
	c := postJSON(t, api(fullSpool), "/api/v1/reports", `{"commune":"06340","period":"2024-H1","values":{"listeners_reached":1}}`)
	if c.Status != http.StatusServiceUnavailable || c.Err.Error.Code != "spool_full" || c.Body.ID != "" {
		t.Fatalf("full spool = %d %s, want 503 spool_full with no id", c.Status, c.Raw)
	}
	// bdg is killed and restarted: a new service on the same spool folder.
	again, err := deploy.Start(ctx, filepath.Join(dir, "ch"), deploy.Options{TCPPort: local.TCPPort, HTTPPort: local.HTTPPort})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Kill()
	sp2, err := OpenSpool(spoolDir)
	if err != nil {
		t.Fatal(err)
	}
	svc2 := NewService(st, testNow, nil).WithSpool(sp2)
	var loaded int
	for i := 0; i < 50 && sp2.Pending() > 0; i++ {
		n, _ := svc2.Drain(ctx)
		loaded += n
	}
	if loaded != 2 || sp2.Pending() != 0 {
		t.Fatalf("after restart loaded %d, pending %d; want 2, 0", loaded, sp2.Pending())
	}
	for _, id := range []string{a.Body.ID, b.Body.ID} {
		if rs, err := st.Reports(ctx, model.ReportFilter{ID: id}); err != nil || len(rs) != 1 {
			t.Errorf("spooled report %s after restart: %d rows, %v", id, len(rs), err)
		}
	}
	if n := countReports(t, st); n != 2 {
		t.Errorf("reports = %d, want 2 (the refused one is not stored)", n)
	}
}

// TestSpoolKeepsRejectedWhenFailedUnwritable: an entry the data refuses
// moves to failed/, and when failed/ cannot be written it stays queued
// (nothing is deleted before its copy is durable). failed/ is made
// unwritable by putting a file in its place: tests run as root, for whom
// permission bits are no obstacle.
func TestSpoolKeepsRejectedWhenFailedUnwritable(t *testing.T) {
	ctx := context.Background()
	st := chtest.New(t)
	dir := t.TempDir()
	sp, err := OpenSpool(dir)
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(st, testNow, nil).WithSpool(sp)
	// Written straight to the spool, as an older bdg that queued before
	// checking might have left it: an indicator the catalogue lacks.
	bad := Submission{ID: "rejected-1", Commune: "06331", Period: period.MustParse("2024-H1"), SourceKind: "json",
		Values: []model.Value{{Indicator: "no_such_indicator", Value: 1}}}
	if err := sp.put(spoolEntry{ID: bad.ID, Kind: "values", Values: &bad, Queued: testNow()}); err != nil {
		t.Fatal(err)
	}
	failed := filepath.Join(dir, "failed")
	if err := os.Remove(failed); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(failed, []byte("not a folder"), 0o400); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.Drain(ctx); err == nil || n != 0 {
		t.Fatalf("drain with failed/ unwritable = %d, %v; want an error", n, err)
	}
	if sp.Pending() != 1 {
		t.Fatalf("pending = %d after a failed move; the rejected entry was lost", sp.Pending())
	}
	// failed/ is writable again: the entry moves there, with its reason.
	if err := os.Remove(failed); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(failed, 0o750); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.Drain(ctx); err != nil || n != 0 {
		t.Fatalf("drain = %d, %v; want nothing loaded and no error", n, err)
	}
	if sp.Pending() != 0 {
		t.Fatalf("pending = %d, want 0", sp.Pending())
	}
	kept, err := filepath.Glob(filepath.Join(failed, "*.json"))
	if err != nil || len(kept) != 1 {
		t.Fatalf("failed/ holds %v (%v), want the one entry", kept, err)
	}
	b, err := os.ReadFile(kept[0])
	if err != nil {
		t.Fatal(err)
	}
	var e spoolEntry
	if err := json.Unmarshal(b, &e); err != nil || e.ID != bad.ID || e.Error == nil || e.Error.Code != "unknown_indicator" {
		t.Fatalf("failed entry = %s (%v), want %s with its reason unknown_indicator", b, err, bad.ID)
	}
}
