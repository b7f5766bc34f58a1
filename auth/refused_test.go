package auth_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/auth"
)

// TestRefusedWritesAreAudited: a state-changing request refused because no
// one signed in, or with a bad or revoked token, is in the audit log with
// its status and why; so is one refused for the role (403) or the CSRF
// token. A flood from one address writes at most auth.AnonymousAudit
// entries.
func TestRefusedWritesAreAudited(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pw, _, _ := e.auth.EnsureUser(ctx, "xem", auth.RoleViewer, "")
	anon := e.browser(t)
	from := func(ip string) map[string]string { return map[string]string{"X-Forwarded-For": ip} }
	if res, _ := anon.do("POST", "/review/form", url.Values{"commune": {"06331"}}, from("203.0.113.1")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous POST = %d", res.StatusCode)
	}
	hdr := from("203.0.113.2")
	hdr["Authorization"] = "Bearer bdg_forged"
	if res, _ := anon.do("POST", "/admin/users", url.Values{"name": {"evil"}}, hdr); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged token POST = %d", res.StatusCode)
	}
	hdr = from("203.0.113.3")
	hdr["Authorization"] = "Basic YWRtaW46YWRtaW4="
	if res, _ := anon.do("POST", "/admin/users", url.Values{"name": {"evil"}}, hdr); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("basic auth POST = %d", res.StatusCode)
	}
	viewer := e.browser(t)
	viewer.login("xem", pw)
	if res, _ := viewer.do("POST", "/admin/users", url.Values{"name": {"evil"}}, nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer POST /admin/users = %d", res.StatusCode)
	}
	entries, err := e.auth.Audit(ctx, auth.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		user, remote, path string
		status             int
		detail             string
	}{
		{"anonymous", "203.0.113.1", "/review/form", 303, "not_signed_in"},
		{"anonymous", "203.0.113.2", "/admin/users", 401, "token_invalid"},
		{"anonymous", "203.0.113.3", "/admin/users", 401, "not_bearer"},
		{"xem", "127.0.0.1", "/admin/users", 403, ""},
	}
	for _, w := range want {
		found := false
		for _, en := range entries {
			if en.User == w.user && en.Remote == w.remote && en.Path == w.path && en.Status == w.status && strings.Contains(en.Detail, w.detail) {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit entry for %+v in %+v", w, entries)
		}
	}
	// A flood of anonymous writes from one address: bounded entries.
	for range 3 * auth.AnonymousAudit {
		anon.do("POST", "/review/form", nil, from("198.51.100.99"))
	}
	entries, _ = e.auth.Audit(ctx, auth.AuditFilter{User: "anonymous"})
	n := 0
	for _, en := range entries {
		if en.Remote == "198.51.100.99" {
			n++
		}
	}
	if n != auth.AnonymousAudit {
		t.Errorf("a flood of %d anonymous writes left %d audit entries, want %d", 3*auth.AnonymousAudit, n, auth.AnonymousAudit)
	}
}
