package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/bdg-district/bdg/apidoc/apitest"
	"github.com/bdg-district/bdg/chtest"
)

// syncBuffer is a bytes.Buffer safe for a running command and a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServeFirstAdminAndTokens runs `bdg serve` on its embedded ClickHouse,
// logs in as the first admin with the printed password, and creates, uses,
// lists and revokes a token with `bdg token` on the same data folder while
// the server runs.
func TestServeFirstAdminAndTokens(t *testing.T) {
	chtest.Long(t, "runs bdg serve with its own ClickHouse")
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "error"}, &out, &errOut)
	}()
	base := waitServing(t, &out, &errOut, done)
	m := regexp.MustCompile(`new account: admin \(admin\) .* password, shown once: (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no admin password printed: %s", out.String())
	}
	password := m[1]

	client := &http.Client{Transport: apitest.Transport(t, nil), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string, hdr ...string) (int, string) {
		req, _ := http.NewRequest("GET", base+path, nil)
		if len(hdr) == 2 {
			req.Header.Set(hdr[0], hdr[1])
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Fatalf("/healthz = %d", code)
	}
	if code, _ := get("/api/v1/indicators"); code != 401 {
		t.Fatalf("anonymous API = %d", code)
	}
	// First login with the printed password.
	client = login(t, base, "admin", password)
	if code, body := get("/admin/users"); code != 200 || !strings.Contains(body, "admin") {
		t.Fatalf("/admin/users = %d", code)
	}
	// A token made by a second process while serve runs.
	var tokOut, tokErr bytes.Buffer
	if code := run(ctx, []string{"token", "create", "--role", "viewer", "--label", "bảng tin", "--data", dir, "--log-level", "error"}, &tokOut, &tokErr); code != 0 {
		t.Fatalf("token create = %d: %s", code, tokErr.String())
	}
	lines := strings.Split(strings.TrimSpace(tokOut.String()), "\n")
	secret := lines[len(lines)-1]
	if !strings.HasPrefix(secret, "bdg_") || strings.Contains(secret, " ") {
		t.Fatalf("last line is not the token: %q", tokOut.String())
	}
	if code, _ := get("/api/v1/indicators", "Authorization", "Bearer "+secret); code != 200 {
		t.Fatalf("new token on the API = %d", code)
	}
	if code, _ := get("/?format=csv", "Authorization", "Bearer "+secret); code != 200 {
		t.Fatalf("new token on an export = %d", code)
	}
	if code, _ := get("/admin/audit", "Authorization", "Bearer "+secret); code != 403 {
		t.Fatalf("viewer token on /admin/audit = %d", code)
	}
	tokOut.Reset()
	if code := run(ctx, []string{"token", "list", "--data", dir}, &tokOut, &tokErr); code != 0 || !strings.Contains(tokOut.String(), "bảng tin") {
		t.Fatalf("token list = %d %s", code, tokOut.String())
	}
	id := strings.Fields(strings.Split(strings.TrimSpace(tokOut.String()), "\n")[1])[0]
	tokOut.Reset()
	if code := run(ctx, []string{"token", "revoke", id, "--data", dir}, &tokOut, &tokErr); code != 0 {
		t.Fatalf("token revoke = %d %s", code, tokErr.String())
	}
	if code := run(ctx, []string{"token", "create", "--role", "reporter", "--data", dir}, io.Discard, io.Discard); code != 2 {
		t.Errorf("reporter token without commune = %d, want 2", code)
	}
	stopServe(t, cancel, done, &errOut)
}
