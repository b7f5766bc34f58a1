package deploy_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/deploy"
)

// TestStartLocksDownTheServer starts the embedded server on a fresh folder
// and checks what another local user could reach: the native port refuses
// `default` without the password and accepts the generated one, nothing
// else listens, the folder is 0700 and every file holding the password or
// its hash 0600, and the password shows in no log, no process argument and
// no printed Local. A restart keeps the password and the data.
func TestStartLocksDownTheServer(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts its own ClickHouse")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "clickhouse")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	l, err := deploy.Start(ctx, dir, deploy.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Kill()
	pw := l.Password.Reveal()
	if len(pw) < 32 {
		t.Fatalf("password of %d characters", len(pw))
	}
	if got, err := deploy.ReadPassword(dir); err != nil || got != l.Password {
		t.Fatalf("password file: %v (same as the server's: %v)", err, got == l.Password)
	}
	wantRefused(t, l.Addr(), "")
	wantRefused(t, l.Addr(), "guess")
	exec1(t, l.Addr(), pw, "CREATE TABLE default.kept (x UInt8) ENGINE = MergeTree ORDER BY x")
	exec1(t, l.Addr(), pw, "INSERT INTO default.kept SELECT 7")
	if ports := chtest.ListeningPorts(t, l.PID); len(ports) != 1 || ports[0] != l.TCPPort {
		t.Errorf("server listens on %v, want only the native port %d", ports, l.TCPPort)
	}
	wantPrivate(t, dir)
	for _, f := range []string{"config.xml", "users.xml", "client.xml"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := wellFormed(b); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "config.xml"))
	for _, el := range []string{"<http_port>", "<https_port>", "<interserver_http_port>", "<interserver_https_port>"} {
		if strings.Contains(string(cfg), el) {
			t.Errorf("config.xml has %s", el)
		}
	}
	// The maintenance route of the README.
	out, err := exec.Command("clickhouse-client", "--config-file", l.ClientConfig(), "-q", "SELECT x FROM default.kept").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "7" {
		t.Errorf("clickhouse-client --config-file %s: %v %q", l.ClientConfig(), err, out)
	}
	cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", l.PID))
	env, _ := os.ReadFile(filepath.Join(dir, "clickhouse.env"))
	printed := fmt.Sprintf("%v %+v %#v %s %q", l, l, l, l.Password, l.Password)
	log.Info("local", "server", l, "password", l.Password)
	for what, text := range map[string]string{"the server's arguments": string(cmdline), "clickhouse.env": string(env),
		"a printed Local": printed, "the log": logs.String()} {
		if strings.Contains(text, pw) {
			t.Errorf("the password appears in %s", what)
		}
	}
	// A restart on the same folder keeps the password and the data.
	if err := l.Stop(); err != nil {
		t.Fatal(err)
	}
	again, err := deploy.Start(ctx, dir, deploy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Kill()
	if again.Password != l.Password {
		t.Error("a restart changed the password")
	}
	if n := count(t, again.Addr(), pw, "SELECT count() FROM default.kept"); n != 1 {
		t.Errorf("after a restart: %d rows", n)
	}
}

// TestHTTPPortOnlyWhenAskedFor turns the HTTP interface on through Options:
// it answers, and still wants the password.
func TestHTTPPortOnlyWhenAskedFor(t *testing.T) {
	httpPort, err := deploy.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	l, err := deploy.Start(context.Background(), t.TempDir(), deploy.Options{HTTPPort: httpPort})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Kill()
	base := "http://127.0.0.1:" + strconv.Itoa(httpPort) + "/"
	get := func(user, password string) (int, string) {
		req, _ := http.NewRequest("GET", base+"?query=SELECT%2042&add_http_cors_header=1", nil)
		if user != "" {
			req.SetBasicAuth(user, password)
		}
		var res *http.Response
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if res, err = http.DefaultClient.Do(req); err == nil || time.Now().After(deadline) {
				break
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, strings.TrimSpace(string(b))
	}
	if code, body := get("", ""); code == 200 || body == "42" {
		t.Errorf("HTTP query without the password = %d %q", code, body)
	}
	if code, body := get("default", l.Password.Reveal()); code != 200 || body != "42" {
		t.Errorf("HTTP query with the password = %d %q", code, body)
	}
	env, _ := os.ReadFile(filepath.Join(l.Dir, "clickhouse.env"))
	if !strings.Contains(string(env), "CH_HTTP_PORT="+strconv.Itoa(httpPort)+"\n") {
		t.Errorf("clickhouse.env does not name the HTTP port: %s", env)
	}
}

// TestEnsureUpgradesAnOlderServer leaves a server running as an older bdg
// did (no password, an HTTP port, a 0750 folder, 0640 files) and calls
// Ensure, as a new bdg does at start: the old server is stopped, a password
// generated, and the server started again locked down, with the data kept.
func TestEnsureUpgradesAnOlderServer(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts its own ClickHouse")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "clickhouse")
	old := startOld(t, dir)
	var logs bytes.Buffer
	l, err := deploy.Ensure(ctx, dir, deploy.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Kill()
	if !l.Owned || l.PID == old.pid {
		t.Fatalf("Ensure attached to the older server (pid %d, owned %v)", l.PID, l.Owned)
	}
	if !strings.Contains(logs.String(), "restarting local ClickHouse") {
		t.Errorf("no word of the restart in the log: %s", logs.String())
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", old.pid)); err == nil {
		t.Errorf("the older server %d still runs", old.pid)
	}
	wantRefused(t, l.Addr(), "")
	if n := count(t, l.Addr(), l.Password.Reveal(), "SELECT count() FROM default.kept"); n != 1 {
		t.Errorf("the older server's data: %d rows, want 1", n)
	}
	if ports := chtest.ListeningPorts(t, l.PID); len(ports) != 1 || ports[0] != l.TCPPort {
		t.Errorf("server listens on %v, want only the native port %d", ports, l.TCPPort)
	}
	if answersHTTP(old.httpPort) {
		t.Errorf("the older HTTP port %d still answers", old.httpPort)
	}
	wantPrivate(t, dir)
	// A second bdg now attaches to the upgraded server instead of restarting it.
	other, err := deploy.Ensure(ctx, dir, deploy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if other.Owned || other.PID != l.PID || other.Password != l.Password {
		t.Errorf("second Ensure: owned %v, pid %d (want %d), same password %v", other.Owned, other.PID, l.PID, other.Password == l.Password)
	}
}

// TestScriptStartStatusStop drives deploy/clickhouse.sh as make test and CI
// do: start prints where the server is and where its password and client
// config are, never the password; the server is the locked-down one bdg
// starts (bdg attaches to it); status and stop work; and start restarts a
// server an older bdg left running.
func TestScriptStartStatusStop(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts its own ClickHouse")
	}
	dir := filepath.Join(t.TempDir(), "clickhouse")
	script := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		cmd := exec.Command("./clickhouse.sh", args...)
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		if err != nil {
			return out.String(), fmt.Errorf("clickhouse.sh %v: %w: %s", args, err, errOut.String())
		}
		return out.String(), nil
	}
	t.Cleanup(func() { script("stop", dir) })

	// An older bdg's server, still running: start restarts it locked down.
	old := startOld(t, dir)
	out, err := script("start", dir)
	if err != nil {
		t.Fatal(err)
	}
	env := parseEnv(out)
	pw, err := deploy.ReadPassword(dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, pw.Reveal()) {
		t.Error("clickhouse.sh start printed the password")
	}
	if env["CH_PID"] == strconv.Itoa(old.pid) || env["CH_HTTP_PORT"] != "" {
		t.Fatalf("start kept the older server: %s", out)
	}
	if env["CH_PASSWORD_FILE"] != filepath.Join(dir, "clickhouse.password") || env["CH_CLIENT_CONFIG"] != filepath.Join(dir, "client.xml") {
		t.Errorf("start output: %s", out)
	}
	addr := "127.0.0.1:" + env["CH_TCP_PORT"]
	wantRefused(t, addr, "")
	if n := count(t, addr, pw.Reveal(), "SELECT count() FROM default.kept"); n != 1 {
		t.Errorf("the older server's data: %d rows, want 1", n)
	}
	pid, _ := strconv.Atoi(env["CH_PID"])
	if ports := chtest.ListeningPorts(t, pid); len(ports) != 1 || strconv.Itoa(ports[0]) != env["CH_TCP_PORT"] {
		t.Errorf("server listens on %v, want only the native port %s", ports, env["CH_TCP_PORT"])
	}
	wantPrivate(t, dir)
	if got, err := exec.Command("clickhouse-client", "--config-file", env["CH_CLIENT_CONFIG"], "-q", "SELECT 1").CombinedOutput(); err != nil {
		t.Errorf("clickhouse-client --config-file: %v %s", err, got)
	}

	// The same server bdg would start: bdg attaches to it with the password.
	l, err := deploy.Ensure(context.Background(), dir, deploy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Owned || l.PID != pid || l.Password != pw {
		t.Errorf("Ensure on the script's server: owned %v, pid %d (want %d)", l.Owned, l.PID, pid)
	}
	// Twice is safe: start reports the running server.
	if again, err := script("start", dir); err != nil || parseEnv(again)["CH_PID"] != env["CH_PID"] {
		t.Errorf("second start: %v %s", err, again)
	}
	if st, err := script("status", dir); err != nil || parseEnv(st)["CH_TCP_PORT"] != env["CH_TCP_PORT"] {
		t.Errorf("status: %v %s", err, st)
	}
	if _, err := script("stop", dir); err != nil {
		t.Fatal(err)
	}
	if st, err := script("status", dir); err == nil || strings.TrimSpace(st) != "stopped" {
		t.Errorf("status after stop: %v %q", err, st)
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil {
		t.Errorf("server %d still runs after stop", pid)
	}
}

// olderServer is a server started as bdg did before it had a password.
type olderServer struct{ pid, tcpPort, httpPort int }

// startOld starts clickhouse-server on dir from the templates in
// testdata/v0, leaves its files as the older bdg did, and stores one row in
// default.kept.
func startOld(t *testing.T, dir string) olderServer {
	t.Helper()
	bin, err := deploy.ServerBinary()
	if err != nil {
		t.Fatal(err)
	}
	tcp, _ := deploy.FreePort()
	httpPort, _ := deploy.FreePort()
	for _, sub := range []string{"data", "tmp", "log", "user_files", "format_schemas"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o750); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(dir, 0o750)
	cfg, _ := os.ReadFile("testdata/v0/clickhouse-config.xml.tmpl")
	users, _ := os.ReadFile("testdata/v0/clickhouse-users.xml.tmpl")
	rendered := strings.NewReplacer("@DIR@", dir, "@HTTP_PORT@", strconv.Itoa(httpPort), "@TCP_PORT@", strconv.Itoa(tcp), "@REMOTE_SERVERS@", "").Replace(string(cfg))
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	write("config.xml", rendered)
	write("users.xml", string(users))
	cmd := exec.Command(bin, "--config-file="+filepath.Join(dir, "config.xml"))
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }() // reaped at once when bdg stops it
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	s := olderServer{pid: cmd.Process.Pid, tcpPort: tcp, httpPort: httpPort}
	write("clickhouse.pid", strconv.Itoa(s.pid)+"\n")
	write("clickhouse.env", fmt.Sprintf("CH_DIR=%s\nCH_TCP_PORT=%d\nCH_HTTP_PORT=%d\nCH_PID=%d\n", dir, tcp, httpPort, s.pid))
	addr := "127.0.0.1:" + strconv.Itoa(tcp)
	for deadline := time.Now().Add(60 * time.Second); ping(addr, "") != nil; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the older server did not start: %v", ping(addr, ""))
		}
	}
	// What the issue found: anyone on the machine gets in without a password,
	// also over HTTP.
	if !answersHTTP(httpPort) {
		t.Fatal("the older server does not answer HTTP: the upgrade test would prove nothing")
	}
	exec1(t, addr, "", "CREATE TABLE default.kept (x UInt8) ENGINE = MergeTree ORDER BY x")
	exec1(t, addr, "", "INSERT INTO default.kept SELECT 7")
	return s
}

func open(addr, password string) (clickhouse.Conn, error) {
	return clickhouse.Open(&clickhouse.Options{Addr: []string{addr}, Auth: clickhouse.Auth{Username: "default", Password: password},
		DialTimeout: 3 * time.Second, ReadTimeout: 30 * time.Second})
}

func ping(addr, password string) error {
	conn, err := open(addr, password)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Ping(context.Background())
}

// wantRefused checks that `default` cannot sign in with password.
func wantRefused(t *testing.T, addr, password string) {
	t.Helper()
	err := ping(addr, password)
	var ex *clickhouse.Exception
	if err == nil {
		t.Errorf("%s: `default` signs in with password %q", addr, password)
	} else if !errors.As(err, &ex) || (ex.Code != 193 && ex.Code != 194 && ex.Code != 516) {
		t.Errorf("%s: want an authentication error, got %v", addr, err)
	}
}

func exec1(t *testing.T, addr, password, sql string) {
	t.Helper()
	conn, err := open(addr, password)
	if err == nil {
		defer conn.Close()
		err = conn.Exec(context.Background(), sql)
	}
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func count(t *testing.T, addr, password, sql string) uint64 {
	t.Helper()
	conn, err := open(addr, password)
	var n uint64
	if err == nil {
		defer conn.Close()
		err = conn.QueryRow(context.Background(), sql).Scan(&n)
	}
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func answersHTTP(port int) bool {
	res, err := (&http.Client{Timeout: 3 * time.Second}).Get("http://127.0.0.1:" + strconv.Itoa(port) + "/ping")
	if err != nil {
		return false
	}
	res.Body.Close()
	return true
}

// wantPrivate checks the folder is 0700 and the files holding the password
// or its hash 0600.
func wantPrivate(t *testing.T, dir string) {
	t.Helper()
	modes := map[string]os.FileMode{".": 0o700, "clickhouse.password": 0o600, "client.xml": 0o600,
		"config.xml": 0o600, "users.xml": 0o600, "clickhouse.env": 0o600}
	for name, want := range modes {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if st.Mode().Perm() != want {
			t.Errorf("%s has mode %o, want %o", name, st.Mode().Perm(), want)
		}
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func parseEnv(s string) map[string]string {
	env := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			env[k] = v
		}
	}
	return env
}
