package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/deploy"
	"github.com/bdg-district/bdg/store"
)

// healthz asks /healthz as role ("" is anonymous) and returns the answer.
func (a *fullApp) healthz(t *testing.T, role string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+a.tokens[role])
	}
	rec := httptest.NewRecorder()
	a.engine.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, strings.TrimSpace(string(b))
}

// TestHealthzStatusOnlyForAnonymous: anyone may ask whether bdg is up, and
// learns only that; the database's state and schema are for administrators.
func TestHealthzStatusOnlyForAnonymous(t *testing.T) {
	app := newFullAppOn(t, chtest.New(t), false)
	for _, role := range []string{"", "viewer", "reporter", "officer"} {
		if code, body := app.healthz(t, role); code != 200 || body != `{"status":"ok"}` {
			t.Errorf("/healthz as %q = %d %s, want 200 {\"status\":\"ok\"}", role, code, body)
		}
	}
	if code, body := app.healthz(t, "admin"); code != 200 || !strings.Contains(body, `"schema_version":`) || !strings.Contains(body, `"clickhouse":"up"`) {
		t.Errorf("/healthz as admin = %d %s, want the details", code, body)
	}
	// A bad token on a public route is ignored, not refused.
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.Header.Set("Authorization", "Bearer bdg_nope")
	rec := httptest.NewRecorder()
	app.engine.ServeHTTP(rec, req)
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"status":"ok"}` {
		t.Errorf("/healthz with a bad token = %d %s", rec.Code, rec.Body)
	}
}

// TestHealthWhenClickHouseStops runs bdg's own embedded ClickHouse, stops it
// under a running app and starts it again: /healthz says 503 then 200
// without restarting bdg, and no server process is left behind. Anonymous
// callers learn only the status, never the port or the dial error; an
// administrator signed in before the outage still sees why.
func TestHealthWhenClickHouseStops(t *testing.T) {
	chtest.Long(t, "starts and kills its own ClickHouse")
	ctx := context.Background()
	dir := t.TempDir()
	local, err := deploy.Start(ctx, dir, deploy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer local.Kill()
	st := chtest.Open(t, store.Config{Addr: []string{local.Addr()}, Password: local.Password.Reveal(), Database: "bdg"})
	app := newFullAppOn(t, st, false)
	if code, body := app.healthz(t, "admin"); code != 200 {
		t.Fatalf("/healthz = %d %s", code, body)
	}
	pid := local.PID
	if err := local.Kill(); err != nil {
		t.Fatal(err)
	}
	if _, ok := deploy.Running(dir); ok {
		t.Fatalf("server %d still running after Kill", pid)
	}
	port := local.Addr()[strings.LastIndex(local.Addr(), ":")+1:]
	if code, body := app.healthz(t, ""); code != 503 || body != `{"status":"unavailable"}` || strings.Contains(body, port) {
		t.Fatalf("anonymous /healthz with ClickHouse down = %d %s, want 503 {\"status\":\"unavailable\"}", code, body)
	}
	if code, body := app.healthz(t, "admin"); code != 503 || !strings.Contains(body, `"clickhouse":"down"`) || !strings.Contains(body, port) {
		t.Errorf("admin /healthz with ClickHouse down = %d %s, want the details", code, body)
	}
	if code, body, _ := get(t, app.h, "/login"); code != 200 {
		t.Errorf("login page with ClickHouse down = %d %.200s", code, body)
	}
	rec := app.do(t, call{method: "GET", path: "/", role: "viewer"})
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), "Cơ sở dữ liệu tạm thời không truy cập được") {
		t.Errorf("overview with ClickHouse down = %d %s, want a 503 that says so", rec.Code, rec.Body)
	}
	again, err := deploy.Start(ctx, dir, deploy.Options{TCPPort: local.TCPPort, HTTPPort: local.HTTPPort})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Kill()
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, _ := app.healthz(t, "")
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz still %d after ClickHouse came back", code)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
