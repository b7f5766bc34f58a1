// Package servertest builds bdg for tests the way `bdg serve` builds it
// (server.Wire), on a fresh ClickHouse database, optionally with the demo
// district loaded: one place for what every page and API test starts from.
package servertest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/demo"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/server"
	"github.com/bdg-district/bdg/store"
)

// Now is the tests' fixed clock: 1 November 2026, after the demo's last
// half-year closed and before the year's report is due.
func Now() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }

// Options say what the application holds.
type Options struct {
	// Store to build on; nil: a fresh database (chtest.New).
	Store *store.Store
	// Demo loads the demo district first.
	Demo bool
	// Open serves every route to anyone (page tests that are not about
	// access); otherwise access control is on, as in production.
	Open bool
}

// App is bdg built for a test.
type App struct {
	server.Wired
	Store   *store.Store
	Ingest  *ingest.Service
	Engine  *gin.Engine  // without gzip: for the route list
	Handler http.Handler // as served: with gzip
}

// New builds bdg on the demo district's area with the fixed clock.
func New(t testing.TB, o Options) *App {
	t.Helper()
	st := o.Store
	if st == nil {
		st = chtest.New(t)
	}
	svc := ingest.NewService(st, Now, nil)
	if o.Demo {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		if _, err := demo.Load(ctx, svc, svc); err != nil {
			t.Fatal(err)
		}
	}
	as, err := assets.New()
	if err != nil {
		t.Fatal(err)
	}
	w, err := server.Wire(server.Setup{Store: st, Ingest: svc, Assets: as, Now: Now, BcryptCost: bcrypt.MinCost,
		Area: analytics.Area{Level: "district", Code: demo.District}})
	if err != nil {
		t.Fatal(err)
	}
	if o.Open {
		w.Deps.Auth, w.Deps.WithoutAccessControl = nil, true
	}
	e := server.NewEngine(w.Deps)
	return &App{Wired: w, Store: st, Ingest: svc, Engine: e, Handler: server.Serve(e)}
}
