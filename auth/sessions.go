package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"
	"time"
)

// SessionCookie is the name of the web session cookie.
const SessionCookie = "bdg_session"

// touchEvery is how often a session's last use is written to ClickHouse;
// in between it is kept in memory.
const touchEvery = 5 * time.Minute

// Session is a logged-in browser, kept server-side (ClickHouse is the
// truth, memory the cache, so a restart keeps everyone logged in).
type Session struct {
	IDHash   string
	User     string
	CSRF     string
	Remote   string
	Created  time.Time
	LastSeen time.Time
	Expires  time.Time
	Revoked  bool

	persisted time.Time // LastSeen as last written
	loaded    time.Time // when read from ClickHouse
	user      User
	// userGen is the user's session count when the session was made: a
	// password reset or a disabling since then ended it.
	userGen uint32
}

// sessionCache holds the sessions this process verified, at most max.
type sessionCache struct {
	mu   sync.Mutex
	max  int
	byID map[string]*Session
}

func newSessionCache(max int) *sessionCache {
	return &sessionCache{max: max, byID: map[string]*Session{}}
}

func (c *sessionCache) get(hash string) (Session, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.byID[hash]
	if !ok {
		return Session{}, false
	}
	return *s, true
}

func (c *sessionCache) put(s Session) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, known := c.byID[s.IDHash]; !known && len(c.byID) >= c.max {
		// The least recently verified tenth goes: they are read again
		// from ClickHouse when used.
		evictOldest(c.byID, c.max/10, func(v *Session) time.Time { return v.loaded })
	}
	c.byID[s.IDHash] = &s
}

// evictOldest deletes the n entries of m with the oldest times.
func evictOldest[V any](m map[string]V, n int, at func(V) time.Time) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return at(m[a]).Compare(at(m[b])) })
	for _, k := range keys[:min(max(n, 1), len(keys))] {
		delete(m, k)
	}
}

func (c *sessionCache) drop(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.byID, hash)
}

func (c *sessionCache) dropUser(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range c.byID {
		if v.User == name {
			delete(c.byID, k)
		}
	}
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CreateSession logs a user in and returns the cookie value (only its hash
// is stored).
func (a *Auth) CreateSession(ctx context.Context, u User, remote string) (string, Session, error) {
	secret := randomToken(32)
	now := a.now()
	s := Session{IDHash: hashToken(secret), User: u.Name, CSRF: randomToken(32), Remote: remote,
		Created: now, LastSeen: now, Expires: now.Add(a.opt.MaxAge), persisted: now, loaded: now, user: u, userGen: u.sessionGen}
	if err := a.saveSession(ctx, s); err != nil {
		return "", Session{}, err
	}
	a.sessions.put(s)
	return secret, s, nil
}

func (a *Auth) saveSession(ctx context.Context, s Session) error {
	b, err := a.db.PrepareBatch(ctx, "INSERT INTO sessions (id_hash, user, csrf, remote, created_at, last_seen, expires_at, revoked, rev, user_gen)")
	if err != nil {
		return fmt.Errorf("auth: save session: %w", err)
	}
	defer b.Close()
	var revoked uint8
	if s.Revoked {
		revoked = 1
	}
	if err := b.Append(s.IDHash, s.User, s.CSRF, s.Remote, s.Created, s.LastSeen, s.Expires, revoked, uint64(a.now().UnixNano()), s.userGen); err != nil {
		return fmt.Errorf("auth: save session: %w", err)
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("auth: save session: %w", err)
	}
	return nil
}

func (a *Auth) loadSession(ctx context.Context, hash string) (Session, bool, error) {
	var s Session
	var revoked uint8
	err := a.db.QueryRow(ctx, `SELECT id_hash, user, csrf, remote, created_at, last_seen, expires_at, revoked, user_gen
		FROM sessions FINAL WHERE id_hash = ?`, hash).Scan(&s.IDHash, &s.User, &s.CSRF, &s.Remote, &s.Created, &s.LastSeen, &s.Expires, &revoked, &s.userGen)
	if err != nil {
		if isNoRows(err) {
			return Session{}, false, nil
		}
		return Session{}, false, fmt.Errorf("auth: session: %w", err)
	}
	s.Revoked, s.persisted, s.loaded = revoked == 1, s.LastSeen, a.now()
	u, found, err := a.User(ctx, s.User)
	if err != nil {
		return Session{}, false, err
	}
	if !found {
		return Session{}, false, nil
	}
	s.user = u
	return s, true, nil
}

// Session finds the live session of a cookie value: not revoked, not idle
// longer than IdleTimeout, not older than MaxAge, its user not disabled and
// its password not reset (nor the user disabled, even if enabled again)
// since the login. Using it refreshes its idle time.
func (a *Auth) Session(ctx context.Context, secret string) (Session, bool, error) {
	if secret == "" {
		return Session{}, false, nil
	}
	hash := hashToken(secret)
	now := a.now()
	s, ok := a.sessions.get(hash)
	if !ok || now.Sub(s.loaded) > a.opt.CacheTTL {
		fresh, found, err := a.loadSession(ctx, hash)
		switch {
		case err != nil && ok && a.unreachable(err) && now.Sub(s.loaded) <= a.opt.OutageGrace:
			// ClickHouse is down: the session verified a moment ago
			// stands (nothing can be revoked meanwhile), so a commune's
			// submission is still accepted and spooled.
			a.log.Debug("session kept during a ClickHouse outage", "user", s.User, "verified", s.loaded)
		case err != nil:
			return Session{}, false, err
		case !found:
			a.sessions.drop(hash)
			return Session{}, false, nil
		default:
			if ok && s.LastSeen.After(fresh.LastSeen) {
				fresh.LastSeen, fresh.persisted = s.LastSeen, s.persisted
			}
			s = fresh
		}
	}
	if s.Revoked || s.user.Disabled || s.userGen != s.user.sessionGen || now.After(s.Expires) || now.Sub(s.LastSeen) > a.opt.IdleTimeout {
		a.sessions.drop(hash)
		return Session{}, false, nil
	}
	s.LastSeen = now
	if now.Sub(s.persisted) > touchEvery {
		s.persisted = now
		if err := a.saveSession(ctx, s); err != nil {
			a.log.Warn("session touch", "err", err)
		}
	}
	a.sessions.put(s)
	return s, true, nil
}

// EndSession logs a session out.
func (a *Auth) EndSession(ctx context.Context, s Session) error {
	s.Revoked = true
	a.sessions.drop(s.IDHash)
	return a.saveSession(ctx, s)
}
