package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/bdg-district/bdg/auth"
)

// loginFrom logs in through the form as a browser at address ip (the test
// server trusts X-Forwarded-For) and returns the status.
func (b *browser) loginFrom(ip, name, password string) int {
	b.t.Helper()
	hdr := map[string]string{"X-Forwarded-For": ip}
	_, page := b.do("GET", "/login", nil, hdr)
	res, _ := b.do("POST", "/login", url.Values{"csrf": {field(b.t, page)}, "name": {name}, "password": {password}}, hdr)
	return res.StatusCode
}

// TestGuessingDoesNotLockOutTheRealUser is the lockout: ten wrong
// passwords for admin from one address block that address for admin, not
// the administrator at another; guesses from many addresses block the user
// only at a much higher count; and a new password set from the command
// line (another process) lets the administrator in at once.
func TestGuessingDoesNotLockOutTheRealUser(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pw, _, _ := e.auth.EnsureUser(ctx, "admin", auth.RoleAdmin, "")
	attacker, office := e.browser(t), e.browser(t)
	for i := range 10 {
		if code := attacker.loginFrom("203.0.113.66", "admin", fmt.Sprintf("guess-%d", i)); code != http.StatusUnauthorized {
			t.Fatalf("guess %d = %d", i, code)
		}
	}
	if code := attacker.loginFrom("203.0.113.66", "admin", pw); code != http.StatusTooManyRequests {
		t.Errorf("the guessing address, right password = %d, want 429", code)
	}
	if code := office.loginFrom("198.51.100.7", "admin", pw); code != http.StatusSeeOther {
		t.Fatalf("the administrator at the office after ten guesses elsewhere = %d, want logged in", code)
	}
	// The guessing address may still log in as someone else (its block is
	// for admin).
	other, _, _ := e.auth.EnsureUser(ctx, "canbo", auth.RoleOfficer, "")
	if code := e.browser(t).loginFrom("203.0.113.66", "canbo", other); code != http.StatusSeeOther {
		t.Errorf("another user from the guessing address = %d", code)
	}

	// Many addresses, few guesses each: the user is blocked only past the
	// per-user threshold (100 in the window).
	for i := range 89 {
		if code := attacker.loginFrom(fmt.Sprintf("192.0.2.%d", i+1), "admin", "wrong"); code != http.StatusUnauthorized {
			t.Fatalf("spread guess %d = %d", i, code)
		}
	}
	if code := e.browser(t).loginFrom("198.51.100.8", "admin", pw); code != http.StatusSeeOther {
		t.Fatalf("after 99 guesses from 90 addresses = %d, want still logged in", code)
	}
	attacker.loginFrom("192.0.2.200", "admin", "wrong") // the 100th
	if code := e.browser(t).loginFrom("198.51.100.9", "admin", pw); code != http.StatusTooManyRequests {
		t.Fatalf("after 100 guesses from 91 addresses = %d, want the user blocked", code)
	}
	// `bdg user password admin` in another process: the new password works at once.
	cli := auth.New(e.st.Conn, nil, auth.Options{Now: e.clk.Now})
	if err := cli.SetPassword(ctx, "admin", "a-new-password-from-the-cli", "cli"); err != nil {
		t.Fatal(err)
	}
	if code := e.browser(t).loginFrom("198.51.100.9", "admin", "a-new-password-from-the-cli"); code != http.StatusSeeOther {
		t.Errorf("after a reset from the command line = %d, want logged in", code)
	}
}

// TestSprayingFromOneAddress: one address trying many users is blocked past
// the per-address threshold, whatever the user.
func TestSprayingFromOneAddress(t *testing.T) {
	e := newEnv(t)
	pw, _, _ := e.auth.EnsureUser(context.Background(), "canbo", auth.RoleOfficer, "")
	b := e.browser(t)
	for i := range 100 {
		if code := b.loginFrom("203.0.113.9", fmt.Sprintf("user%d", i), "password1"); code != http.StatusUnauthorized {
			t.Fatalf("spray %d = %d", i, code)
		}
	}
	if code := b.loginFrom("203.0.113.9", "canbo", pw); code != http.StatusTooManyRequests {
		t.Errorf("after 100 failures from one address = %d, want 429", code)
	}
	if code := b.loginFrom("203.0.113.10", "canbo", pw); code != http.StatusSeeOther {
		t.Errorf("another address = %d", code)
	}
}
