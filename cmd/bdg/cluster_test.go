package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/apidoc/apitest"
	"github.com/bdg-district/bdg/chtest"
)

// TestServeDemoOnCluster runs `bdg serve --demo` against a two-shard
// cluster: migrations, the demo load, users, sessions, the audit log and the
// dashboards all go through the Distributed tables.
func TestServeDemoOnCluster(t *testing.T) {
	chtest.Long(t, "runs bdg serve on a two-shard cluster")
	cfg := chtest.StartCluster(t, 2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--log-level", "error",
			"--clickhouse", strings.Join(cfg.Addr, ","), "--clickhouse-password", cfg.Password, "--clickhouse-cluster", cfg.Cluster, "--clickhouse-database", "bdg_cluster"}, &out, &errOut)
	}()
	base := waitServing(t, &out, &errOut, done)
	client := login(t, base, "canbo", DemoPassword)
	get := func(path string) (int, string) {
		res, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	code, body := get("/api/v1/compare/communes?period=2024-H1&indicator=listeners_reached")
	if code != 200 {
		t.Fatalf("compare API = %d: %.300s", code, body)
	}
	var cmp struct {
		Communes []struct {
			Name  string   `json:"name"`
			Value *float64 `json:"value"`
		} `json:"communes"`
	}
	if err := json.Unmarshal([]byte(body), &cmp); err != nil {
		t.Fatal(err)
	}
	var withValue int
	var vanThuy bool
	for _, c := range cmp.Communes {
		if c.Value != nil {
			withValue++
		}
		vanThuy = vanThuy || (c.Name == "Vạn Thủy" && c.Value != nil && *c.Value == 1500)
	}
	if len(cmp.Communes) != 18 || withValue < 15 || !vanThuy {
		t.Errorf("demo district on the cluster: %d communes, %d with a value, Vạn Thủy listeners 1.500 = %v", len(cmp.Communes), withValue, vanThuy)
	}
	if code, body := get("/compare/communes?period=2024-H1"); code != 200 || !strings.Contains(body, "Vạn Thủy") {
		t.Errorf("comparison page = %d", code)
	}
	stopServe(t, cancel, done, &errOut)
}

// waitServing waits for `bdg serve` to print its address and returns the base URL.
func waitServing(t *testing.T, out, errOut *syncBuffer, done <-chan int) string {
	t.Helper()
	urlRe := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)
	for deadline := time.Now().Add(90 * time.Second); ; {
		if m := urlRe.FindStringSubmatch(out.String()); m != nil {
			return "http://" + m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s %s", code, out.String(), errOut.String())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s %s", out.String(), errOut.String())
		}
	}
}

// formCSRF reads the CSRF token of the form on the page at u.
func formCSRF(t *testing.T, client *http.Client, u string) string {
	t.Helper()
	res, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(page))
	if csrf == nil {
		t.Fatalf("no CSRF field on %s (%d)", u, res.StatusCode)
	}
	return csrf[1]
}

// login signs in through the login form and returns a client holding the
// session cookie (redirects are not followed).
func login(t *testing.T, base, name, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: apitest.Transport(t, nil), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	csrf := formCSRF(t, client, base+"/login")
	res, err := client.PostForm(base+"/login", url.Values{"csrf": {csrf}, "name": {name}, "password": {password}})
	if err != nil || res.StatusCode != 303 {
		t.Fatalf("login %s = %v %v", name, res, err)
	}
	res.Body.Close()
	return client
}

// stopServe cancels a running `bdg serve` and checks that it exits cleanly.
func stopServe(t *testing.T, cancel context.CancelFunc, done <-chan int, errOut *syncBuffer) {
	t.Helper()
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit = %d: %s", code, errOut.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}
