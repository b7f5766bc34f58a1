package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
)

// TestServeDemoLocksDownEmbeddedClickHouse runs `bdg serve --demo` on its
// embedded ClickHouse and attacks that server as another local user or a web
// page would: clickhouse-client without the password is refused, no port of
// the server answers HTTP, the password and the folder are the owner's only,
// and the password shows in no output, log or process argument. The
// maintenance route of the README (clickhouse-client with the generated
// client config) works, and so does bdg itself.
func TestServeDemoLocksDownEmbeddedClickHouse(t *testing.T) {
	chtest.Long(t, "starts bdg serve with its own ClickHouse")
	data := t.TempDir()
	if err := os.Chmod(data, 0o755); err != nil { // as a folder made by hand or by an older bdg
		t.Fatal(err)
	}
	chDir := filepath.Join(data, "clickhouse")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--data", data, "--addr", "127.0.0.1:0"}, &out, &errOut)
	}()
	base := waitServing(t, &out, &errOut, done)
	client := login(t, base, "canbo", DemoPassword)
	res, err := client.Get(base + "/api/v1/compare/communes?period=2024-H1&indicator=listeners_reached")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "Vạn Thủy") {
		t.Fatalf("demo data through bdg = %d %.200s", res.StatusCode, body)
	}

	env := readEnv(t, filepath.Join(chDir, "clickhouse.env"))
	port, pid := env["CH_TCP_PORT"], env["CH_PID"]
	query := "SELECT count() FROM bdg.users"

	// Without the password: refused, with no password and with a wrong one.
	for _, args := range [][]string{
		{"--host", "127.0.0.1", "--port", port, "-q", query},
		{"--host", "127.0.0.1", "--port", port, "--password", "", "-q", query},
		{"--host", "127.0.0.1", "--port", port, "--password", "guess", "-q", query},
	} {
		got, err := exec.Command("clickhouse-client", args...).CombinedOutput()
		if err == nil || !(strings.Contains(string(got), "Password required") || strings.Contains(string(got), "Wrong password")) {
			t.Errorf("clickhouse-client %v: err %v, output %q; want an authentication refusal", args, err, got)
		}
	}
	// The maintenance route: the owner's client config.
	got, err := exec.Command("clickhouse-client", "--config-file", filepath.Join(chDir, "client.xml"), "-q", query).CombinedOutput()
	if n, _ := strconv.Atoi(strings.TrimSpace(string(got))); err != nil || n < 4 {
		t.Errorf("clickhouse-client --config-file client.xml: %v %q; want the demo users counted", err, got)
	}

	// No HTTP: the server listens on its native port and nothing else, and
	// that port does not speak HTTP.
	pidN, _ := strconv.Atoi(pid)
	if ports := chtest.ListeningPorts(t, pidN); len(ports) != 1 || strconv.Itoa(ports[0]) != port {
		t.Errorf("ClickHouse %s listens on %v, want only its native port %s", pid, ports, port)
	}
	// The native port answers an HTTP request with a fixed 400 ("Port … is
	// for clickhouse-client program"): no query runs, and no CORS header lets
	// a web page read even that.
	hc := &http.Client{Timeout: 3 * time.Second}
	if res, err := hc.Get("http://127.0.0.1:" + port + "/?query=SELECT%20count()%20FROM%20bdg.users&add_http_cors_header=1"); err == nil {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == 200 || res.Header.Get("Access-Control-Allow-Origin") != "" || strings.TrimSpace(string(b)) == "4" {
			t.Errorf("native port %s answers an HTTP query: %d %q", port, res.StatusCode, b)
		}
	}
	if p := env["CH_HTTP_PORT"]; p != "" && p != "0" {
		if res, err := hc.Get("http://127.0.0.1:" + p + "/ping"); err == nil {
			res.Body.Close()
			t.Errorf("HTTP port %s of the embedded server answers: %d", p, res.StatusCode)
		}
	}

	// The files: the folder and every file holding the password are the owner's only.
	password, err := os.ReadFile(filepath.Join(chDir, "clickhouse.password"))
	if err != nil || len(strings.TrimSpace(string(password))) < 32 {
		t.Fatalf("password file: %v (%d bytes)", err, len(password))
	}
	secret := strings.TrimSpace(string(password))
	wantMode(t, data, 0o700)
	wantMode(t, chDir, 0o700)
	for _, f := range []string{"clickhouse.password", "client.xml", "config.xml", "users.xml"} {
		wantMode(t, filepath.Join(chDir, f), 0o600)
	}
	users, _ := os.ReadFile(filepath.Join(chDir, "users.xml"))
	if strings.Contains(string(users), secret) || !strings.Contains(string(users), "<password_sha256_hex>") {
		t.Error("users.xml should hold the password's sha256, not the password")
	}
	// Never in bdg's output, the server's logs or its command line.
	cmdline, _ := os.ReadFile("/proc/" + pid + "/cmdline")
	logs, _ := filepath.Glob(filepath.Join(chDir, "log", "*"))
	for name, text := range map[string]string{"stdout": out.String(), "stderr": errOut.String(), "cmdline": string(cmdline)} {
		if strings.Contains(text, secret) {
			t.Errorf("the ClickHouse password appears in bdg serve's %s", name)
		}
	}
	for _, f := range logs {
		if b, _ := os.ReadFile(f); strings.Contains(string(b), secret) {
			t.Errorf("the ClickHouse password appears in %s", f)
		}
	}
	stopServe(t, cancel, done, &errOut)
}

// readEnv reads KEY=VALUE lines.
func readEnv(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			env[k] = v
		}
	}
	return env
}

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if st.Mode().Perm() != want {
		t.Errorf("%s has mode %o, want %o", path, st.Mode().Perm(), want)
	}
}
