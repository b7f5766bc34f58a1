package server

import (
	"log/slog"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/apidoc"
	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/review"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/summary"
	"github.com/bdg-district/bdg/web"
)

// Setup is what Wire builds bdg from.
type Setup struct {
	Store *store.Store
	// Ingest is the submission service (with its spool when serving);
	// Wire connects it to the analytics it invalidates and weighs
	// outliers with.
	Ingest       *ingest.Service
	Assets       *assets.Server
	Area         analytics.Area
	DeadlineDays map[period.Kind]int
	// Now is the clock (nil: the real one); tests fix it.
	Now    func() time.Time
	Logger *slog.Logger
	// BcryptCost is the password hashing cost (0: auth's default); tests
	// lower it.
	BcryptCost     int
	TrustedProxies []string
}

// Wired is bdg put together: the router's dependencies and the services
// a caller may still need (the first users, a demo's audit entry).
type Wired struct {
	Deps      Deps
	Analytics *analytics.Service
	Auth      *auth.Auth
}

// Wire builds every part of bdg on one store and connects them, the one way
// `bdg serve` and the tests that stand for it do, so a test never runs an
// application wired differently from the one officers use.
func Wire(s Setup) (Wired, error) {
	log := s.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	an := analytics.New(s.Store.Conn, s.Store, analytics.Options{Area: s.Area, DeadlineDays: s.DeadlineDays, Now: s.Now, Logger: log})
	site := web.NewSite(web.Options{Assets: s.Assets, Area: an.AreaName, Logger: log})
	// Sessions and tokens verified before a ClickHouse outage keep working
	// through it: a commune's submission is then spooled, not refused.
	au := auth.New(s.Store.Conn, s.Store, auth.Options{Logger: log, Site: site, Unavailable: store.Unavailable, BcryptCost: s.BcryptCost})
	s.Ingest.OnChange(an.Invalidate).WithOutliers(an) // a publish shows at once; publishing weighs outliers
	doc, err := apidoc.New(auth.Rules(), site)
	if err != nil {
		return Wired{}, err
	}
	return Wired{Analytics: an, Auth: au, Deps: Deps{
		APIDoc:     doc,
		Health:     s.Store,
		Assets:     s.Assets,
		Site:       site,
		Dashboards: dashboards.New(an, site, log),
		Ingest:     ingest.NewAPI(s.Ingest, an),
		Review:     review.New(s.Ingest, s.Store, an, site, s.Now),
		Summary: summary.New(an, site, summary.HandlerOptions{Options: summary.Options{
			Overrides: summary.PublishedOverrides{Store: s.Store}, Now: s.Now, Logger: log}}),
		Auth:           au,
		Logger:         log,
		TrustedProxies: s.TrustedProxies,
	}}, nil
}
