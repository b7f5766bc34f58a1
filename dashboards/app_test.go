package dashboards_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/server/servertest"
	"github.com/bdg-district/bdg/store"
)

// demoApp is bdg as `bdg serve` wires it (servertest), every route open.
type demoApp struct {
	st      *store.Store
	an      *analytics.Service
	svc     *ingest.Service // invalidates an on every change, as in serve
	handler http.Handler
}

// newDemoApp loads the demo into a fresh database.
func newDemoApp(t *testing.T) *demoApp {
	t.Helper()
	return wrap(servertest.New(t, servertest.Options{Demo: true, Open: true}))
}

// appOn builds the application on a store.
func appOn(t *testing.T, st *store.Store) *demoApp {
	t.Helper()
	return wrap(servertest.New(t, servertest.Options{Store: st, Open: true}))
}

func wrap(a *servertest.App) *demoApp {
	return &demoApp{st: a.Store, an: a.Analytics, svc: a.Ingest, handler: a.Handler}
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
