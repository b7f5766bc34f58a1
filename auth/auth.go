// Package auth owns access control: users and roles, server-side web
// sessions, API bearer tokens, the one table of access rules, CSRF, login
// rate limiting, security headers and the audit log, with the login and
// admin pages (quản trị người dùng, nhật ký thao tác).
package auth

import (
	"context"
	"embed"
	"log/slog"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/web"
	"golang.org/x/crypto/bcrypt"
)

//go:embed templates/*.html
var templateFiles embed.FS

// DB is the part of a ClickHouse connection auth uses.
type DB interface {
	Query(ctx context.Context, query string, args ...any) (driver.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) driver.Row
	PrepareBatch(ctx context.Context, query string, opts ...driver.PrepareBatchOption) (driver.Batch, error)
}

// Reports reads report versions: the commune of a report (a reporter's
// scope) and its values before and after a correction (the audit log).
type Reports interface {
	Reports(ctx context.Context, f model.ReportFilter) ([]model.Report, error)
	Values(ctx context.Context, r model.Report) ([]model.Value, error)
}

// Options tune access control; zero values take the defaults.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
	// Site renders the login and admin pages; commands that serve no
	// pages leave it nil.
	Site *web.Site
	// IdleTimeout ends a session unused this long (default 8h);
	// MaxAge ends any session this long after login (default 7 days).
	IdleTimeout, MaxAge time.Duration
	// CacheTTL is how long a session or token read from ClickHouse is
	// trusted before it is read again (default 30s): a token revoked by
	// `bdg token revoke` in another process stops working within it.
	CacheTTL time.Duration
	// LoginFailures failures within LoginWindow block a client address or a
	// user name from logging in (default 10 in 10 minutes).
	LoginFailures int
	LoginWindow   time.Duration
	// BcryptCost is the password hashing cost (default bcrypt.DefaultCost).
	BcryptCost int
}

// Auth is access control for one bdg server (or one command).
type Auth struct {
	db       DB
	reports  Reports
	site     *web.Site
	log      *slog.Logger
	now      func() time.Time
	opt      Options
	rules    map[string]Rule
	sessions *sessionCache
	tokens   *tokenCache
	limiter  *Limiter
	pages    *web.Templates
}

// New makes access control over db. reports may be nil in commands that
// serve no requests.
func New(db DB, reports Reports, opt Options) *Auth {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.IdleTimeout == 0 {
		opt.IdleTimeout = 8 * time.Hour
	}
	if opt.MaxAge == 0 {
		opt.MaxAge = 7 * 24 * time.Hour
	}
	if opt.CacheTTL == 0 {
		opt.CacheTTL = 30 * time.Second
	}
	if opt.LoginFailures == 0 {
		opt.LoginFailures = 10
	}
	if opt.LoginWindow == 0 {
		opt.LoginWindow = 10 * time.Minute
	}
	if opt.BcryptCost == 0 {
		opt.BcryptCost = bcrypt.DefaultCost
	}
	a := &Auth{db: db, reports: reports, site: opt.Site, log: opt.Logger, now: opt.Now, opt: opt,
		rules: Rules(), sessions: newSessionCache(), tokens: newTokenCache(),
		limiter: NewLimiter(opt.LoginFailures, opt.LoginWindow, opt.Now)}
	if opt.Site != nil {
		a.pages = parsePages(opt.Site)
	}
	return a
}
