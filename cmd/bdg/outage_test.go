package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/deploy"
	"github.com/bdg-district/bdg/store"
)

// TestSubmissionsSpooledWhileClickHouseIsDown is the spool's promise with
// authentication in the way: `bdg serve` on a ClickHouse that is killed
// and, 35 s later (past the 30 s the server trusts what it read), still
// answers a signed-in commune reporter's and a reporter token's
// submissions with 202 and an id, both loaded once ClickHouse is back, and
// their audit entries written then. A submission that would never load (an
// unknown indicator, a negative count) is refused at once, not accepted.
func TestSubmissionsSpooledWhileClickHouseIsDown(t *testing.T) {
	chtest.Long(t, "kills and restarts its own ClickHouse under bdg serve")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tmp := t.TempDir()
	local, err := deploy.Start(ctx, filepath.Join(tmp, "ch"), deploy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = local.Kill() }()
	db := []string{"--clickhouse", local.Addr(), "--clickhouse-password", local.Password.Reveal(), "--log-level", "error"}
	var out, errOut bytes.Buffer
	if code := run(ctx, append([]string{"user", "create", "xa06331", "--role", "reporter", "--commune", "06331"}, db...), &out, &errOut); code != 0 {
		t.Fatalf("user create = %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	password := lines[len(lines)-1]
	out.Reset()
	if code := run(ctx, append([]string{"token", "create", "--role", "reporter", "--commune", "06331", "--label", "phần mềm xã"}, db...), &out, &errOut); code != 0 {
		t.Fatalf("token create = %d: %s", code, errOut.String())
	}
	lines = strings.Split(strings.TrimSpace(out.String()), "\n")
	token := lines[len(lines)-1]

	var sout, serr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--data", filepath.Join(tmp, "var"), "--addr", "127.0.0.1:0"}, db...), &sout, &serr)
	}()
	base := waitServing(t, &sout, &serr, done)
	browser := login(t, base, "xa06331", password)
	csrf := formCSRF(t, browser, base+"/review/upload")
	post := func(client *http.Client, viaToken bool, values string) (int, string) {
		t.Helper()
		body := `{"commune":"06331","period":"2024-H2","values":{` + values + `}}`
		req, _ := http.NewRequest("POST", base+"/api/v1/reports", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if viaToken {
			req.Header.Set("Authorization", "Bearer "+token)
		} else {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	plain := &http.Client{}
	// Both are verified while ClickHouse is up.
	if code, body := post(browser, false, `"cadre_female":1`); code != 201 {
		t.Fatalf("session submission = %d %s", code, body)
	}
	if code, body := post(plain, true, `"cadre_female":2`); code != 201 {
		t.Fatalf("token submission = %d %s", code, body)
	}

	if err := local.Kill(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(35 * time.Second)
	ids := map[string]string{}
	for _, c := range []struct {
		name     string
		client   *http.Client
		viaToken bool
		values   string
	}{{"session", browser, false, `"cadre_female":3`}, {"token", plain, true, `"cadre_female":4`}} {
		code, body := post(c.client, c.viaToken, c.values)
		var r struct{ ID, Status string }
		_ = json.Unmarshal([]byte(body), &r)
		if code != http.StatusAccepted || r.ID == "" || r.Status != "queued" {
			t.Fatalf("%s submission with ClickHouse down 35 s = %d %s, want 202 queued with an id", c.name, code, body)
		}
		ids[c.name] = r.ID
		for _, bad := range []string{`"no_such_indicator":5`, `"cadre_female":-3`} {
			if code, body := post(c.client, c.viaToken, bad); code != http.StatusUnprocessableEntity {
				t.Errorf("%s submission of %s with ClickHouse down = %d %s, want 422", c.name, bad, code, body)
			}
		}
	}

	again, err := deploy.Start(ctx, filepath.Join(tmp, "ch"), deploy.Options{TCPPort: local.TCPPort, HTTPPort: local.HTTPPort})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Kill()
	// The drainer loads the spool; each id answers once it is in.
	for name, id := range ids {
		for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(time.Second) {
			req, _ := http.NewRequest("GET", base+"/api/v1/reports/"+id, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := plain.Do(req)
			if err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode == 200 && strings.Contains(string(b), `"status":"draft"`) {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("the %s submission %s was not loaded after ClickHouse came back", name, id)
			}
		}
	}
	// The next write also brings the audit entries of the outage.
	if code, body := post(plain, true, `"cadre_female":9`); code != 201 {
		t.Fatalf("submission after the outage = %d %s", code, body)
	}
	st, err := store.Open(ctx, store.Config{Addr: []string{again.Addr()}, Password: again.Password.Reveal(), Database: "bdg"}, slog.New(slog.DiscardHandler), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var accepted uint64
	if err := st.Conn.QueryRow(ctx, `SELECT count() FROM audit WHERE action = 'report.submit' AND status = 202`).Scan(&accepted); err != nil || accepted != 2 {
		t.Errorf("audit entries of the 202 answers = %d, %v; want 2", accepted, err)
	}
	stopServe(t, cancel, done, &serr)
}
