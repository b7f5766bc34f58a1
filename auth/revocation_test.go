package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bdg-district/bdg/auth"
)

// TestResetAndDisableEndSessionsForGood: a password reset ends the user's
// sessions (in this process and, within the cache's 30 s, in another one),
// and so does disabling; enabling the user again revives no old cookie.
func TestResetAndDisableEndSessionsForGood(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pw, _, _ := e.auth.EnsureUser(ctx, "canbo", auth.RoleOfficer, "")
	cli := auth.New(e.st.Conn, nil, auth.Options{Now: e.clk.Now}) // `bdg user …` in another process
	b := e.browser(t)
	if res := b.login("canbo", pw); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login = %d", res.StatusCode)
	}
	home := func(what string, want int) {
		t.Helper()
		if res, body := b.do("GET", "/", nil, nil); res.StatusCode != want {
			t.Errorf("%s: / = %d %q, want %d", what, res.StatusCode, body, want)
		}
	}
	home("signed in", http.StatusOK)
	// A reset from the command line: within the cache's time the session ends.
	if err := cli.SetPassword(ctx, "canbo", "a-new-password-1", "cli"); err != nil {
		t.Fatal(err)
	}
	e.clk.Add(31 * time.Second)
	home("after a password reset", http.StatusSeeOther)
	// A reset on the admin page ends it at once.
	if res := b.login("canbo", "a-new-password-1"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with the new password = %d", res.StatusCode)
	}
	home("signed in again", http.StatusOK)
	if err := e.auth.SetPassword(ctx, "canbo", "a-new-password-2", "admin"); err != nil {
		t.Fatal(err)
	}
	home("after a reset in this process", http.StatusSeeOther)

	// Disable, then enable again: the old cookie stays dead.
	if res := b.login("canbo", "a-new-password-2"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login = %d", res.StatusCode)
	}
	home("signed in before disabling", http.StatusOK)
	if err := cli.SetDisabled(ctx, "canbo", true, "cli"); err != nil {
		t.Fatal(err)
	}
	if err := cli.SetDisabled(ctx, "canbo", false, "cli"); err != nil {
		t.Fatal(err)
	}
	e.clk.Add(31 * time.Second)
	home("after disable and enable (another process)", http.StatusSeeOther)
	if res := b.login("canbo", "a-new-password-2"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login after enabling = %d", res.StatusCode)
	}
	if err := e.auth.SetDisabled(ctx, "canbo", true, "admin"); err != nil {
		t.Fatal(err)
	}
	if err := e.auth.SetDisabled(ctx, "canbo", false, "admin"); err != nil {
		t.Fatal(err)
	}
	home("after disable and enable (this process)", http.StatusSeeOther)
	// A restarted server reads the same from ClickHouse.
	if res := b.login("canbo", "a-new-password-2"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login = %d", res.StatusCode)
	}
	home("signed in", http.StatusOK)
	if err := cli.SetPassword(ctx, "canbo", "a-new-password-3", "cli"); err != nil {
		t.Fatal(err)
	}
	restarted := httptest.NewServer(e.engine(newAuth(t, e.st, e.clk, e.as)))
	defer restarted.Close()
	b.base = restarted.URL
	home("after a reset, restarted server", http.StatusSeeOther)
}

// TestTokensStopWithTheirOwner: a token owned by a user stops when the user
// is disabled, within the cache's 30 s in another process, and stays
// stopped when the user is enabled again; a token of its own does not
// depend on anyone; and an owner cannot give a token more than it may do.
func TestTokensStopWithTheirOwner(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, _, err := e.auth.EnsureUser(ctx, "canbo", auth.RoleOfficer, ""); err != nil {
		t.Fatal(err)
	}
	cli := auth.New(e.st.Conn, nil, auth.Options{Now: e.clk.Now})
	owned, tok, err := cli.AddToken(ctx, auth.NewToken{Role: auth.RoleOfficer, Label: "script of canbo", Owner: "canbo", By: "cli"})
	if err != nil || tok.Owner != "canbo" {
		t.Fatalf("owned token = %+v, %v", tok, err)
	}
	own, _, err := cli.AddToken(ctx, auth.NewToken{Role: auth.RoleViewer, Label: "kiosk", By: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := cli.AddToken(ctx, auth.NewToken{Role: auth.RoleAdmin, Owner: "canbo", By: "cli"}); err == nil {
		t.Error("an officer's token with the admin role was made")
	}
	if _, _, err := cli.AddToken(ctx, auth.NewToken{Role: auth.RoleViewer, Owner: "nobody", By: "cli"}); err == nil {
		t.Error("a token owned by no such user was made")
	}
	b := e.browser(t)
	use := func(secret, what string, want int) {
		t.Helper()
		if res, _ := b.do("GET", "/", nil, map[string]string{"Authorization": "Bearer " + secret}); res.StatusCode != want {
			t.Errorf("%s: %d, want %d", what, res.StatusCode, want)
		}
	}
	use(owned, "owned token", http.StatusOK)
	use(own, "token of its own", http.StatusOK)
	if err := cli.SetDisabled(ctx, "canbo", true, "cli"); err != nil {
		t.Fatal(err)
	}
	e.clk.Add(31 * time.Second)
	use(owned, "owned token, owner disabled", http.StatusUnauthorized)
	use(own, "token of its own, someone disabled", http.StatusOK)
	if err := cli.SetDisabled(ctx, "canbo", false, "cli"); err != nil {
		t.Fatal(err)
	}
	e.clk.Add(31 * time.Second)
	use(owned, "owned token, owner enabled again", http.StatusUnauthorized)
	list, err := cli.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range list {
		if l.ID == tok.ID && (!l.Revoked || l.Owner != "canbo") {
			t.Errorf("owned token after disabling = %+v, want revoked and its owner named", l)
		}
	}
}
