package deploy

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func answers(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// TestLocalLifecycle starts a project-local server, attaches to it from a
// second "process", has it crash and come back under supervision, and
// stops it leaving nothing behind.
func TestLocalLifecycle(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts and stops its own ClickHouse")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	l, err := Ensure(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Kill()
	if !l.Owned || !answers(l.Addr()) {
		t.Fatalf("started server owned=%v answering=%v", l.Owned, answers(l.Addr()))
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "config.xml"))
	if err != nil || !contains(string(cfg), "<listen_host>127.0.0.1</listen_host>") || !contains(string(cfg), dir+"/data/") {
		t.Errorf("config is not loopback-only inside the data folder: %v", err)
	}
	// A second bdg on the same folder attaches instead of starting another.
	other, err := Ensure(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if other.Owned || other.TCPPort != l.TCPPort || other.PID != l.PID {
		t.Errorf("second Ensure = %+v, want the running server, not owned", other)
	}
	_ = other.Stop() // not owned: must leave it running
	if !answers(l.Addr()) {
		t.Fatal("Stop on an attached server stopped it")
	}
	// A crash: the supervisor starts it again on the same port.
	go l.Supervise(ctx)
	first := l.PID
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		l.mu.Lock()
		pid := l.PID
		l.mu.Unlock()
		if pid != first && answers(l.Addr()) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("server not restarted after a crash")
		}
		time.Sleep(200 * time.Millisecond)
	}
	l.mu.Lock()
	pid := l.PID
	l.mu.Unlock()
	if err := l.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err == nil {
		t.Errorf("server %d still running after Stop", pid)
	}
	if _, ok := Running(dir); ok || answers(l.Addr()) {
		t.Error("server still answering after Stop")
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// The production example under deploy/cluster must at least be well-formed
// XML that names the cluster bdg.env points bdg at.
func TestClusterExampleIsWellFormed(t *testing.T) {
	files, err := filepath.Glob("cluster/*/*.xml")
	if err != nil || len(files) < 4 {
		t.Fatalf("example files: %v %v", files, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
		}
	}
	env, err := os.ReadFile("cluster/bdg.env")
	if err != nil {
		t.Fatal(err)
	}
	remote, _ := os.ReadFile("cluster/config.d/remote_servers.xml")
	if !strings.Contains(string(env), "BDG_CLICKHOUSE_CLUSTER=bdg\n") || !strings.Contains(string(remote), "<bdg>") {
		t.Error("bdg.env and remote_servers.xml name different clusters")
	}
}

// TestPasswordCreatedOnce: bdg processes starting at once on a new folder
// agree on one password; a password file left readable by others is made
// 0600; a malformed one is refused without being echoed.
func TestPasswordCreatedOnce(t *testing.T) {
	dir := t.TempDir()
	got := make([]Secret, 8)
	errs := make([]error, len(got))
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i], errs[i] = ensurePassword(dir, "") })
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil || got[i] != got[0] || len(got[0]) != 48 {
			t.Fatalf("starter %d: %v, same password %v", i, errs[i], got[i] == got[0])
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	path := filepath.Join(dir, PasswordFile)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if pw, err := ensurePassword(dir, ""); err != nil || pw != got[0] {
		t.Fatalf("second start: %v", err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("password file mode %o, want 600", st.Mode().Perm())
	}
	if err := os.WriteFile(path, []byte("short<secret>\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ensurePassword(dir, ""); err == nil || strings.Contains(err.Error(), "short<secret>") {
		t.Errorf("malformed password file: %v", err)
	}
}

// TestScriptRendersWhatGoRenders: clickhouse.sh and Start write the same
// config.xml, users.xml and client.xml, with the HTTP port off and on.
func TestScriptRendersWhatGoRenders(t *testing.T) {
	for _, withHTTP := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "ch")
		tcp, _ := FreePort()
		args := []string{"start", dir, strconv.Itoa(tcp)}
		http := 0
		if withHTTP {
			http, _ = FreePort()
			args = append(args, strconv.Itoa(http))
		}
		out, err := exec.Command("./clickhouse.sh", args...).CombinedOutput()
		t.Cleanup(func() { exec.Command("./clickhouse.sh", "stop", dir).Run() })
		if err != nil {
			t.Fatalf("clickhouse.sh %v: %v %s", args, err, out)
		}
		pw, err := ReadPassword(dir)
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]string{
			"config.xml": renderConfig(dir, tcp, http, ""),
			"users.xml":  renderUsers(pw),
			"client.xml": renderClient(tcp, pw),
		} {
			if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != want {
				t.Errorf("http %v: clickhouse.sh wrote another %s:\n%s\nGo renders:\n%s", withHTTP, name, got, want)
			}
		}
		if l, ok := Running(dir); !ok || l.template != templateVersion || !l.current(Options{}) || l.HTTPPort != http {
			t.Errorf("http %v: the script's server is not current for Go: %+v", withHTTP, l)
		}
		exec.Command("./clickhouse.sh", "stop", dir).Run()
	}
}
