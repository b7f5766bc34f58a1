package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/chtest"
)

// TestUserAndTokenCommandsAreAudited: every change `bdg user …` and `bdg
// token …` make is in the audit log, as the web's are (who ran it, what,
// on whom, the outcome, before and after), refused ones too; the token list
// says whose each token is.
func TestUserAndTokenCommandsAreAudited(t *testing.T) {
	ctx := context.Background()
	cfg := chtest.Config(t)
	st := chtest.Open(t, cfg)
	db := []string{"--clickhouse", strings.Join(cfg.Addr, ","), "--clickhouse-password", cfg.Password, "--clickhouse-database", cfg.Database, "--log-level", "error"}
	bdg := func(want int, args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := run(ctx, append(args, db...), &out, &errOut); code != want {
			t.Fatalf("bdg %s = %d, want %d: %s %s", strings.Join(args, " "), code, want, out.String(), errOut.String())
		}
		return out.String()
	}
	bdg(0, "user", "create", "canbo", "--role", "officer")
	bdg(2, "user", "create", "xa06364", "--role", "reporter", "--commune", "06364") // Chiến Thắng or Vũ Lễ?
	bdg(0, "user", "create", "xa06364", "--role", "reporter", "--commune", "06364", "--era", "pre2025")
	bdg(2, "user", "create", "canbo", "--role", "viewer") // taken
	bdg(0, "user", "scope", "xa06364", "--commune", "06364", "--era", "pre2025", "--successor", "06364")
	bdg(2, "user", "scope", "xa06364", "--commune", "06364", "--era", "pre2025", "--successor", "06337") // not its successor
	bdg(0, "user", "password", "canbo")
	bdg(0, "user", "disable", "xa06364")
	bdg(0, "user", "enable", "xa06364")
	bdg(2, "user", "disable", "nobody")
	out := bdg(0, "token", "create", "--role", "viewer", "--owner", "canbo", "--label", "bảng tin")
	m := regexp.MustCompile(`token ([0-9a-f]+), shown once`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no token id in %q", out)
	}
	id := m[1]
	bdg(0, "token", "create", "--role", "viewer", "--label", "kiosk")
	bdg(2, "token", "create", "--role", "admin", "--owner", "canbo")
	bdg(0, "token", "revoke", id)
	bdg(2, "token", "revoke", "nope")
	list := bdg(0, "token", "list")
	if !strings.Contains(list, "OWNER") || !strings.Contains(list, "canbo") || !strings.Contains(list, "- (independent)") {
		t.Errorf("token list does not say whose tokens are:\n%s", list)
	}
	if users := bdg(0, "user", "list"); !strings.Contains(users, "pre2025") || !strings.Contains(users, "06364") {
		t.Errorf("user list does not show the reporter's era and successor:\n%s", users)
	}

	entries, err := auth.New(st.Conn, nil, auth.Options{}).Audit(ctx, auth.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		action, target string
		status         int
		after          string
	}{
		{"user.create", "canbo", 201, `"role":"officer"`},
		{"user.create", "xa06364", 422, ""},
		{"user.create", "xa06364", 201, `"era":"pre2025"`},
		{"user.create", "canbo", 409, ""},
		{"user.scope", "xa06364", 200, `"successor":"06364"`},
		{"user.scope", "xa06364", 422, ""},
		{"user.password", "canbo", 200, `"sessions":"ended"`},
		{"user.disable", "xa06364", 200, `"disabled":true`},
		{"user.enable", "xa06364", 200, `"disabled":false`},
		{"user.disable", "nobody", 404, ""},
		{"token.create", id, 201, `"owner":"canbo"`},
		{"token.create", "", 422, ""},
		{"token.revoke", id, 200, `"revoked":true`},
		{"token.revoke", "nope", 404, ""},
	}
	for _, w := range want {
		found := false
		for _, e := range entries {
			if e.Action == w.action && e.Target == w.target && e.Status == w.status && strings.Contains(e.After, w.after) &&
				strings.HasPrefix(e.User, "cli:") && e.Role == "cli" && e.Method == "CLI" && strings.HasPrefix(e.Route, "bdg ") {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit entry %+v", w)
		}
	}
	for _, e := range entries {
		if strings.Contains(e.Path+e.Before+e.After+e.Detail, cfg.Password) && cfg.Password != "" {
			t.Errorf("the ClickHouse password is in the audit log: %+v", e)
		}
	}
}
