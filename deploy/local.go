// Package deploy starts and supervises the project-local ClickHouse that bdg
// uses when no server address is configured. It shares its config templates
// with deploy/clickhouse.sh, the shell launcher used by make and CI.
package deploy

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

//go:embed clickhouse-config.xml.tmpl
var configTemplate string

//go:embed clickhouse-users.xml.tmpl
var usersTemplate string

// Local is a ClickHouse server whose files live under Dir.
type Local struct {
	Dir      string
	TCPPort  int
	HTTPPort int
	PID      int
	// Owned is true when this process started the server and must stop it.
	Owned    bool
	mu       sync.Mutex
	cmd      *exec.Cmd
	done     chan struct{} // closed when the owned server has exited
	waitErr  error
	stopping bool
	opt      Options
	log      *slog.Logger
}

// Addr is the native-protocol address.
func (l *Local) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(l.TCPPort)) }

// ServerBinary finds Debian's clickhouse-server.
func ServerBinary() (string, error) {
	for _, b := range []string{"/usr/bin/clickhouse-server", "/usr/sbin/clickhouse-server", "/usr/bin/clickhouse"} {
		if st, err := os.Stat(b); err == nil && !st.IsDir() {
			return b, nil
		}
	}
	return "", errors.New("deploy: clickhouse-server is not installed; run `deploy/clickhouse.sh install` (as root) or `make run`")
}

// Options tunes Start and Ensure; zero ports mean free ones.
type Options struct {
	TCPPort, HTTPPort int
	// RemoteServers is the inner XML of <remote_servers> (cluster tests).
	RemoteServers string
	Logger        *slog.Logger
}

// Ensure returns the server already running on dir (started by another bdg
// process or by clickhouse.sh, not owned) or starts one that this process owns.
func Ensure(ctx context.Context, dir string, opt Options) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	if l, ok := Running(abs); ok {
		if err := waitTCP(ctx, l.Addr(), 2*time.Second, nil); err == nil {
			return l, nil
		}
	}
	return Start(ctx, abs, opt)
}

// Running reads DIR/clickhouse.env and reports the server if its pid is alive
// and was started on this folder's config.
func Running(dir string) (*Local, bool) {
	b, err := os.ReadFile(filepath.Join(dir, "clickhouse.env"))
	if err != nil {
		return nil, false
	}
	l := &Local{Dir: dir}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, "=")
		n, _ := strconv.Atoi(v)
		switch k {
		case "CH_TCP_PORT":
			l.TCPPort = n
		case "CH_HTTP_PORT":
			l.HTTPPort = n
		}
	}
	pb, err := os.ReadFile(filepath.Join(dir, "clickhouse.pid"))
	if err != nil {
		return nil, false
	}
	l.PID, _ = strconv.Atoi(strings.TrimSpace(string(pb)))
	if l.PID <= 0 || l.TCPPort == 0 || !isOurServer(l.PID, dir) {
		return nil, false
	}
	return l, true
}

func isOurServer(pid int, dir string) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return false
	}
	return strings.Contains(string(b), filepath.Join(dir, "config.xml"))
}

// Start writes the config into dir and starts clickhouse-server as a child
// process that dies with bdg (Pdeathsig), so no orphan survives a crash.
func Start(ctx context.Context, dir string, opt Options) (*Local, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	bin, err := ServerBinary()
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	// A server left from a killed run holds the data folder's lock: stop it.
	if old, ok := Running(dir); ok {
		_ = terminate(old.PID, 10*time.Second)
	}
	for _, sub := range []string{"data", "tmp", "log", "user_files", "format_schemas"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o750); err != nil {
			return nil, fmt.Errorf("deploy: %w", err)
		}
	}
	l := &Local{Dir: dir, TCPPort: opt.TCPPort, HTTPPort: opt.HTTPPort, Owned: true, log: log, opt: opt}
	if l.TCPPort == 0 {
		if l.TCPPort, err = FreePort(); err != nil {
			return nil, err
		}
	}
	if l.HTTPPort == 0 {
		if l.HTTPPort, err = FreePort(); err != nil {
			return nil, err
		}
	}
	cfg := strings.NewReplacer("@DIR@", dir, "@HTTP_PORT@", strconv.Itoa(l.HTTPPort),
		"@TCP_PORT@", strconv.Itoa(l.TCPPort), "@REMOTE_SERVERS@", opt.RemoteServers).Replace(configTemplate)
	if err := os.WriteFile(filepath.Join(dir, "config.xml"), []byte(cfg), 0o640); err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "users.xml"), []byte(usersTemplate), 0o640); err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	logf, err := os.OpenFile(filepath.Join(dir, "log", "stdout.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command(bin, "--config-file="+filepath.Join(dir, "config.xml"))
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logf, logf
	// Own process group so a terminal's Ctrl-C reaches bdg first, which then
	// stops the server in order; Pdeathsig covers bdg being killed outright.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("deploy: start clickhouse-server: %w", err)
	}
	l.cmd, l.PID = cmd, cmd.Process.Pid
	l.done = make(chan struct{})
	go func() { l.waitErr = cmd.Wait(); close(l.done) }()
	if err := os.WriteFile(filepath.Join(dir, "clickhouse.pid"), []byte(strconv.Itoa(l.PID)+"\n"), 0o640); err != nil {
		_ = l.Stop()
		return nil, fmt.Errorf("deploy: %w", err)
	}
	env := fmt.Sprintf("CH_DIR=%s\nCH_TCP_PORT=%d\nCH_HTTP_PORT=%d\nCH_PID=%d\n", dir, l.TCPPort, l.HTTPPort, l.PID)
	if err := os.WriteFile(filepath.Join(dir, "clickhouse.env"), []byte(env), 0o640); err != nil {
		_ = l.Stop()
		return nil, fmt.Errorf("deploy: %w", err)
	}
	log.Info("starting local ClickHouse", "dir", dir, "tcp", l.TCPPort, "pid", l.PID)
	if err := waitTCP(ctx, l.Addr(), 60*time.Second, l.done); err != nil {
		tail, _ := os.ReadFile(filepath.Join(dir, "log", "err.log"))
		_ = l.Stop()
		return nil, fmt.Errorf("deploy: ClickHouse did not start on %s: %w; err.log: %s", l.Addr(), err, lastLines(string(tail), 10))
	}
	return l, nil
}

// Stop ends a server this process owns and waits for it; others are left alone.
func (l *Local) Stop() error {
	if l.end(false) {
		l.log.Info("stopped local ClickHouse", "dir", l.Dir)
	}
	return nil
}

// Kill ends an owned server abruptly (SIGKILL), as a crash or an OOM kill
// would; fault tests use it. A killed server is not restarted by Supervise
// any more than a stopped one.
func (l *Local) Kill() error {
	l.end(true)
	return nil
}

// end stops an owned, running server (SIGTERM, then SIGKILL after 15 s; or
// SIGKILL at once) and says whether there was one to stop.
func (l *Local) end(kill bool) bool {
	if l == nil || !l.Owned {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopping = true
	if l.cmd == nil {
		return false
	}
	if kill {
		_ = l.cmd.Process.Kill()
		<-l.done
	} else {
		_ = l.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-l.done:
		case <-time.After(15 * time.Second):
			_ = l.cmd.Process.Kill()
			<-l.done
		}
	}
	l.cmd = nil
	_ = os.Remove(filepath.Join(l.Dir, "clickhouse.pid"))
	return true
}

// Exited is closed when an owned server has exited (nil for servers not owned).
func (l *Local) Exited() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done
}

// Supervise restarts an owned server that exits on its own (crash, OOM
// kill), on the same ports, until ctx ends or Stop is called.
func (l *Local) Supervise(ctx context.Context) {
	if !l.Owned {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.Exited():
		}
		l.mu.Lock()
		stopping := l.stopping
		l.mu.Unlock()
		if stopping {
			return
		}
		l.log.Warn("local ClickHouse exited; restarting", "dir", l.Dir)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
		opt := l.opt
		opt.TCPPort, opt.HTTPPort = l.TCPPort, l.HTTPPort
		nl, err := Start(ctx, l.Dir, opt)
		if err != nil {
			l.log.Error("restart local ClickHouse", "err", err)
			continue
		}
		l.mu.Lock()
		if l.stopping { // Stop ran while we restarted: undo.
			l.mu.Unlock()
			_ = nl.Stop()
			return
		}
		l.cmd, l.done, l.PID = nl.cmd, nl.done, nl.PID
		l.mu.Unlock()
	}
}

func terminate(pid int, wait time.Duration) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	_ = p.Signal(syscall.SIGTERM)
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if err := p.Signal(syscall.Signal(0)); err != nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return p.Kill()
}

// FreePort asks the kernel for an unused loopback port.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("deploy: free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitTCP polls until addr accepts a connection and answers the native
// handshake port, the child exits, or the time is up.
func waitTCP(ctx context.Context, addr string, limit time.Duration, exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for {
		c, err := (&net.Dialer{Timeout: time.Second}).DialContext(ctx, "tcp", addr)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-exited:
			return errors.New("clickhouse-server exited")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
