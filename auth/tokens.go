package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// TokenPrefix starts every API token, so a leaked one is easy to find.
const TokenPrefix = "bdg_"

// Token is an API bearer token; its secret is shown once and only its
// sha256 is stored.
type Token struct {
	ID   string
	Role Role
	// Commune and Era are a commune reporter token's unit (see User).
	Commune string
	Era     period.Era
	Label   string
	// Owner is the user the token belongs to: it stops when the owner is
	// disabled. "" is a token of its own, which lasts until revoked.
	Owner     string
	CreatedBy string
	Created   time.Time
	Revoked   bool
	RevokedAt time.Time
	hash      string
}

// Scope is the unit a commune reporter token acts for (zero for other roles).
func (t Token) Scope() units.Scope {
	if t.Role != RoleReporter {
		return units.Scope{}
	}
	return units.Scope{Era: t.Era, Code: t.Commune}
}

// ErrNoToken is returned when revoking a token id that does not exist.
var ErrNoToken = errors.New("auth: no such token")

type tokenEntry struct {
	tok    Token
	loaded time.Time
	// live is the verdict when loaded: not revoked, its owner (if any)
	// there and not disabled.
	live bool
}

// tokenCache holds the tokens this process verified, at most max.
type tokenCache struct {
	mu     sync.Mutex
	max    int
	byHash map[string]tokenEntry
}

func newTokenCache(max int) *tokenCache {
	return &tokenCache{max: max, byHash: map[string]tokenEntry{}}
}

func (c *tokenCache) get(hash string) (tokenEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byHash[hash]
	return e, ok
}

func (c *tokenCache) put(hash string, e tokenEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, known := c.byHash[hash]; !known && len(c.byHash) >= c.max {
		evictOldest(c.byHash, c.max/10, func(e tokenEntry) time.Time { return e.loaded })
	}
	c.byHash[hash] = e
}

func (c *tokenCache) dropID(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.byHash {
		if e.tok.ID == id {
			delete(c.byHash, k)
		}
	}
}

// NewToken is a token to make.
type NewToken struct {
	Role Role
	// Scope is a commune reporter token's unit (an empty Era is inferred
	// when the code names a commune in one era only).
	Scope units.Scope
	Label string
	// Owner, when set, is the user the token belongs to; it can do no more
	// than its owner (an administrator's token any role, an officer's an
	// officer's or a viewer's, others their own role and unit).
	Owner string
	By    string // who makes it (for the record)
}

// AddToken makes a token and returns its secret, which is never stored.
func (a *Auth) AddToken(ctx context.Context, nt NewToken) (string, Token, error) {
	if _, err := ParseRole(string(nt.Role)); err != nil {
		return "", Token{}, err
	}
	scope, err := a.checkScope(nt.Role, nt.Scope)
	if err != nil {
		return "", Token{}, err
	}
	if nt.Owner != "" {
		owner, found, err := a.User(ctx, nt.Owner)
		if err != nil {
			return "", Token{}, err
		}
		if !found || owner.Disabled {
			return "", Token{}, &InputError{fmt.Sprintf("owner %q: no such user, or disabled", nt.Owner)}
		}
		if !mayDelegate(owner, nt.Role, scope) {
			return "", Token{}, &InputError{fmt.Sprintf("owner %q (%s) cannot give a token more than it may do itself", nt.Owner, owner.Role)}
		}
	}
	id := make([]byte, 5)
	_, _ = rand.Read(id)
	secret := TokenPrefix + randomToken(32)
	t := Token{ID: hex.EncodeToString(id), Role: nt.Role, Commune: scope.Code, Era: scope.Era, Label: nt.Label, Owner: nt.Owner,
		CreatedBy: nt.By, Created: a.now(), hash: hashToken(secret)}
	if err := a.saveToken(ctx, t); err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

// CreateToken makes a token of its own for role (and a reporter's commune,
// its era inferred) and returns its secret, which is never stored.
func (a *Auth) CreateToken(ctx context.Context, role Role, commune, label, by string) (string, Token, error) {
	return a.AddToken(ctx, NewToken{Role: role, Scope: units.Scope{Code: commune}, Label: label, By: by})
}

// mayDelegate tells whether owner may give a token role with scope: an
// administrator any, an officer an officer's or a viewer's, anyone else
// only its own role and unit (never a successor: a token names one unit).
func mayDelegate(owner User, role Role, scope units.Scope) bool {
	switch owner.Role {
	case RoleAdmin:
		return true
	case RoleOfficer:
		return role == RoleOfficer || role == RoleViewer
	case RoleReporter:
		return role == RoleReporter && scope.Era == owner.Era && scope.Code == owner.Commune
	}
	return role == owner.Role
}

func (a *Auth) saveToken(ctx context.Context, t Token) error {
	b, err := a.db.PrepareBatch(ctx, "INSERT INTO tokens (id, hash, role, commune, era, label, owner, created_at, created_by, revoked, revoked_at, rev)")
	if err != nil {
		return fmt.Errorf("auth: save token: %w", err)
	}
	defer b.Close()
	var revoked uint8
	if t.Revoked {
		revoked = 1
	}
	revokedAt := t.RevokedAt
	if revokedAt.IsZero() {
		revokedAt = time.Unix(0, 0)
	}
	if err := b.Append(t.ID, t.hash, string(t.Role), t.Commune, string(t.Era), t.Label, t.Owner, t.Created, t.CreatedBy, revoked, revokedAt, uint64(a.now().UnixNano())); err != nil {
		return fmt.Errorf("auth: save token: %w", err)
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("auth: save token: %w", err)
	}
	return nil
}

// Tokens lists every token, newest first (never their secrets).
func (a *Auth) Tokens(ctx context.Context) ([]Token, error) { return a.tokenRows(ctx, "") }

func (a *Auth) tokenRows(ctx context.Context, where string, args ...any) ([]Token, error) {
	rows, err := a.db.Query(ctx, `SELECT id, hash, role, commune, era, label, owner, created_at, created_by, revoked, revoked_at
		FROM tokens FINAL `+where+` ORDER BY created_at DESC, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("auth: tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var role, era string
		var revoked uint8
		if err := rows.Scan(&t.ID, &t.hash, &role, &t.Commune, &era, &t.Label, &t.Owner, &t.Created, &t.CreatedBy, &revoked, &t.RevokedAt); err != nil {
			return nil, fmt.Errorf("auth: tokens: %w", err)
		}
		t.Role, t.Era, t.Revoked = Role(role), period.Era(era), revoked == 1
		if t.Role == RoleReporter && t.Era == "" {
			t.Era = a.legacyEra(t.Commune)
		}
		if !t.Revoked {
			t.RevokedAt = time.Time{}
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends a token by its id.
func (a *Auth) RevokeToken(ctx context.Context, id string) error {
	_, err := a.RevokeTokenOf(ctx, id)
	return err
}

// RevokeTokenOf ends a token by its id and returns it as it was.
func (a *Auth) RevokeTokenOf(ctx context.Context, id string) (Token, error) {
	list, err := a.tokenRows(ctx, "WHERE id = ?", id)
	if err != nil {
		return Token{}, err
	}
	if len(list) == 0 {
		return Token{}, ErrNoToken
	}
	t := list[0]
	if t.Revoked {
		return t, nil
	}
	return t, a.revoke(ctx, t)
}

func (a *Auth) revoke(ctx context.Context, t Token) error {
	t.Revoked, t.RevokedAt = true, a.now()
	if err := a.saveToken(ctx, t); err != nil {
		return err
	}
	a.tokens.dropID(t.ID)
	return nil
}

// revokeOwned revokes every live token of owner, for good (enabling the
// owner again revives none), and says how many.
func (a *Auth) revokeOwned(ctx context.Context, owner string) (int, error) {
	list, err := a.tokenRows(ctx, "WHERE owner = ? AND revoked = 0", owner)
	if err != nil {
		return 0, err
	}
	for _, t := range list {
		if err := a.revoke(ctx, t); err != nil {
			return 0, err
		}
	}
	return len(list), nil
}

// TokenFor finds the live token of a secret. A token unknown to this
// process is looked up in ClickHouse (it may have been created by `bdg
// token create` while the server runs); a known one is re-read after
// CacheTTL, so a revocation elsewhere takes effect within it.
func (a *Auth) TokenFor(ctx context.Context, secret string) (Token, bool, error) {
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) > 200 {
		return Token{}, false, nil
	}
	hash := hashToken(secret)
	now := a.now()
	e, cached := a.tokens.get(hash)
	if cached && now.Sub(e.loaded) <= a.opt.CacheTTL {
		return e.tok, e.live, nil
	}
	list, err := a.tokenRows(ctx, "WHERE hash = ?", hash)
	if err != nil {
		if cached && a.unreachable(err) && now.Sub(e.loaded) <= a.opt.OutageGrace {
			// ClickHouse is down: the verdict of a moment ago stands.
			return e.tok, e.live, nil
		}
		return Token{}, false, err
	}
	if len(list) == 0 {
		return Token{}, false, nil
	}
	t := list[0]
	live := !t.Revoked
	if live && t.Owner != "" {
		owner, found, err := a.User(ctx, t.Owner)
		if err != nil {
			if cached && a.unreachable(err) && now.Sub(e.loaded) <= a.opt.OutageGrace {
				return e.tok, e.live, nil
			}
			return Token{}, false, err
		}
		live = found && !owner.Disabled
	}
	a.tokens.put(hash, tokenEntry{tok: t, loaded: now, live: live})
	return t, live, nil
}
