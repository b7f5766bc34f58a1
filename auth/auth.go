// Package auth owns access control: users and roles, server-side web
// sessions, API bearer tokens, the one table of access rules, CSRF, login
// rate limiting, security headers and the audit log, with the login and
// admin pages (quản trị người dùng, nhật ký thao tác).
package auth

import (
	"context"
	"embed"
	"log/slog"
	"sync"
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
	// Unavailable tells which errors mean ClickHouse cannot be reached
	// (store.Unavailable). During such an outage a session or token this
	// process verified within OutageGrace keeps working, so that
	// submissions are still spooled; nil: no grace, every request needs
	// ClickHouse once CacheTTL is over.
	Unavailable func(error) bool
	// OutageGrace bounds how long ago that verification may be (default
	// 10 minutes). Nothing can be revoked meanwhile (revoking writes to
	// ClickHouse too); what this process revokes stops at once.
	OutageGrace time.Duration
	// LoginFailures failures within LoginWindow block one client address
	// from logging in as one user (default 10 in 10 minutes): a guesser
	// blocks itself, not the real user elsewhere.
	LoginFailures int
	LoginWindow   time.Duration
	// LoginFailuresPerUser failures of one user's current password, from
	// any addresses, block that user (default 100): guessing from many
	// addresses. A new password (`bdg user password NAME`) starts afresh.
	LoginFailuresPerUser int
	// LoginFailuresPerAddress failures from one address, whatever the
	// user, block that address (default 100): one address trying many users.
	LoginFailuresPerAddress int
	// BcryptCost is the password hashing cost (default bcrypt.DefaultCost).
	BcryptCost int
}

// maxCached bounds the sessions and the tokens each kept in memory.
const maxCached = 10000

// unreachable tells whether err means ClickHouse cannot be reached now.
func (a *Auth) unreachable(err error) bool { return a.opt.Unavailable != nil && a.opt.Unavailable(err) }

// AnonymousAudit is how many refused anonymous writes (and refused logins
// past the limit) one address gets in the audit log per LoginWindow.
const AnonymousAudit = 60

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
	// Login failures by client address and user, by user (its current
	// password), and by address.
	pairs, perUser, addresses *Limiter
	// anonymous counts audit entries of refused anonymous writes per address.
	anonymous *Limiter
	// dummyHash is what a login for an unknown user is checked against: a
	// hash at the cost real passwords are stored with, so refusing an
	// unknown name takes as long as refusing a wrong password.
	dummyHash []byte
	// pendingAudit are entries that met an unreachable ClickHouse.
	auditMu      sync.Mutex
	pendingAudit []Entry
	pages        *web.Templates
	units        unitLists
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
	if opt.OutageGrace == 0 {
		opt.OutageGrace = 10 * time.Minute
	}
	if opt.LoginFailures == 0 {
		opt.LoginFailures = 10
	}
	if opt.LoginWindow == 0 {
		opt.LoginWindow = 10 * time.Minute
	}
	if opt.LoginFailuresPerUser == 0 {
		opt.LoginFailuresPerUser = 100
	}
	if opt.LoginFailuresPerAddress == 0 {
		opt.LoginFailuresPerAddress = 100
	}
	if opt.BcryptCost == 0 {
		opt.BcryptCost = bcrypt.DefaultCost
	}
	a := &Auth{db: db, reports: reports, site: opt.Site, log: opt.Logger, now: opt.Now, opt: opt,
		rules: Rules(), sessions: newSessionCache(maxCached), tokens: newTokenCache(maxCached),
		pairs:     NewLimiter(opt.LoginFailures, opt.LoginWindow, opt.Now),
		perUser:   NewLimiter(opt.LoginFailuresPerUser, opt.LoginWindow, opt.Now),
		addresses: NewLimiter(opt.LoginFailuresPerAddress, opt.LoginWindow, opt.Now),
		anonymous: NewLimiter(AnonymousAudit, opt.LoginWindow, opt.Now)}
	if opt.Site != nil {
		a.pages = parsePages(opt.Site)
	}
	// A random password nobody knows; an error (only for a cost out of
	// bcrypt's range) leaves a hash that never matches, as unknown users must.
	a.dummyHash, _ = bcrypt.GenerateFromPassword([]byte(NewPassword()), opt.BcryptCost)
	return a
}
