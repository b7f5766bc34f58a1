package dashboards_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/apidoc"
	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/demo"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/review"
	"github.com/bdg-district/bdg/server"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/web"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }

// demoApp is bdg on the demo district, loaded once per test binary run
// into a fresh database.
type demoApp struct {
	st      *store.Store
	an      *analytics.Service
	handler http.Handler
}

// newDemoApp loads the demo into a fresh database.
func newDemoApp(t *testing.T) *demoApp {
	t.Helper()
	st := chtest.New(t)
	svc := ingest.NewService(st, fixedNow, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if _, err := demo.Load(ctx, svc, svc); err != nil {
		t.Fatal(err)
	}
	return appOn(t, st)
}

// appOn builds the application on a store.
func appOn(t *testing.T, st *store.Store) *demoApp {
	t.Helper()
	as, err := assets.New()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	an := analytics.New(st.Conn, st, analytics.Options{Area: analytics.Area{Level: "district", Code: demo.District}, Now: fixedNow})
	// Wired as `bdg serve` wires it, so the routes of every package meet.
	svc := ingest.NewService(st, fixedNow, nil).OnChange(an.Invalidate)
	site := web.NewSite(web.Options{Assets: as, Area: an.AreaName, Logger: log})
	doc, err := apidoc.New(auth.Rules(), site)
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(server.Deps{Health: st, Assets: as, Site: site, APIDoc: doc, Dashboards: dashboards.New(an, site, log),
		Ingest: ingest.NewAPI(svc, an), Review: review.New(svc, st, an, site, fixedNow), Logger: log, WithoutAccessControl: true})
	return &demoApp{st: st, an: an, handler: h}
}

// Names that must stay text everywhere: a script in HTML and a formula in
// a spreadsheet.
const (
	evilHTML    = `<img src=x onerror=alert(1)>`
	evilFormula = `=HYPERLINK("http://evil.example/","x")`
	evilHTMLAt  = "06355" // pre-2025 xã Vũ Sơn
	evilFormAt  = "06358" // pre-2025 xã Chiêu Vũ
)

// poison renames two pre-2025 communes to hostile names (a newer row of the
// units table wins on read). It must run before the app's first request, as
// the analytics service caches the unit list.
func poison(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	b, err := st.Conn.PrepareBatch(ctx, "INSERT INTO units (era, level, code, name, type, parent_code, valid_from, valid_to, loaded_at)")
	if err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	at := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	// The formula's unit has no type word, so its name starts a cell.
	for code, nt := range map[string][2]string{evilHTMLAt: {evilHTML, "xã"}, evilFormAt: {evilFormula, ""}} {
		if err := b.Append("pre2025", "commune", code, nt[0], nt[1], "185", from, to, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}
