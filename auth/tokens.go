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
)

// TokenPrefix starts every API token, so a leaked one is easy to find.
const TokenPrefix = "bdg_"

// Token is an API bearer token; its secret is shown once and only its
// sha256 is stored.
type Token struct {
	ID        string
	Role      Role
	Commune   string
	Label     string
	CreatedBy string
	Created   time.Time
	Revoked   bool
	RevokedAt time.Time
	hash      string
}

// ErrNoToken is returned when revoking a token id that does not exist.
var ErrNoToken = errors.New("auth: no such token")

type tokenEntry struct {
	tok    Token
	loaded time.Time
}

type tokenCache struct {
	mu     sync.Mutex
	byHash map[string]tokenEntry
}

func newTokenCache() *tokenCache { return &tokenCache{byHash: map[string]tokenEntry{}} }

func (c *tokenCache) get(hash string) (tokenEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byHash[hash]
	return e, ok
}

func (c *tokenCache) put(hash string, e tokenEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.byHash) > 10000 {
		clear(c.byHash)
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

// CreateToken makes a token for role (and a reporter's commune) and returns
// its secret, which is never stored.
func (a *Auth) CreateToken(ctx context.Context, role Role, commune, label, by string) (string, Token, error) {
	if _, err := ParseRole(string(role)); err != nil {
		return "", Token{}, err
	}
	if err := checkScope(role, commune); err != nil {
		return "", Token{}, err
	}
	id := make([]byte, 5)
	_, _ = rand.Read(id)
	secret := TokenPrefix + randomToken(32)
	t := Token{ID: hex.EncodeToString(id), Role: role, Commune: commune, Label: label, CreatedBy: by,
		Created: a.now(), hash: hashToken(secret)}
	if err := a.saveToken(ctx, t); err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

func (a *Auth) saveToken(ctx context.Context, t Token) error {
	b, err := a.db.PrepareBatch(ctx, "INSERT INTO tokens (id, hash, role, commune, label, created_at, created_by, revoked, revoked_at, rev)")
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
	if err := b.Append(t.ID, t.hash, string(t.Role), t.Commune, t.Label, t.Created, t.CreatedBy, revoked, revokedAt, uint64(a.now().UnixNano())); err != nil {
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
	rows, err := a.db.Query(ctx, `SELECT id, hash, role, commune, label, created_at, created_by, revoked, revoked_at
		FROM tokens FINAL `+where+` ORDER BY created_at DESC, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("auth: tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var role string
		var revoked uint8
		if err := rows.Scan(&t.ID, &t.hash, &role, &t.Commune, &t.Label, &t.Created, &t.CreatedBy, &revoked, &t.RevokedAt); err != nil {
			return nil, fmt.Errorf("auth: tokens: %w", err)
		}
		t.Role, t.Revoked = Role(role), revoked == 1
		if !t.Revoked {
			t.RevokedAt = time.Time{}
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends a token by its id.
func (a *Auth) RevokeToken(ctx context.Context, id string) error {
	list, err := a.tokenRows(ctx, "WHERE id = ?", id)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return ErrNoToken
	}
	t := list[0]
	if t.Revoked {
		return nil
	}
	t.Revoked, t.RevokedAt = true, a.now()
	if err := a.saveToken(ctx, t); err != nil {
		return err
	}
	a.tokens.dropID(id)
	return nil
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
	if e, ok := a.tokens.get(hash); ok && now.Sub(e.loaded) <= a.opt.CacheTTL {
		return e.tok, !e.tok.Revoked, nil
	}
	list, err := a.tokenRows(ctx, "WHERE hash = ?", hash)
	if err != nil {
		return Token{}, false, err
	}
	if len(list) == 0 {
		return Token{}, false, nil
	}
	a.tokens.put(hash, tokenEntry{tok: list[0], loaded: now})
	return list[0], !list[0].Revoked, nil
}
