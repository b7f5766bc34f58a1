// Package deploy starts and supervises the project-local ClickHouse that bdg
// uses when no server address is configured. It shares its config templates
// with deploy/clickhouse.sh, the shell launcher used by make and CI.
//
// The server is closed to everyone but the folder's owner: it listens on
// loopback only, speaks the native protocol only (no HTTP or interserver
// port unless asked for), its user `default` needs the random password kept
// in DIR/clickhouse.password (0600), and DIR is 0700.
package deploy

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
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

//go:embed clickhouse-client.xml.tmpl
var clientTemplate string

// templateVersion names the server templates a server was started from
// (CH_TEMPLATE_SHA256 in clickhouse.env; clickhouse.sh computes the same from
// the files). A running server started from other templates, such as one of
// an older bdg without a password, is restarted rather than attached to.
var templateVersion = func() string {
	sum := sha256.Sum256([]byte(configTemplate + usersTemplate))
	return hex.EncodeToString(sum[:])
}()

// Local is a ClickHouse server whose files live under Dir.
type Local struct {
	Dir     string
	TCPPort int
	// HTTPPort is the HTTP interface's port, 0 when off (the default).
	HTTPPort int
	PID      int
	// Password is the password of the user `default`.
	Password Secret
	// Owned is true when this process started the server and must stop it.
	Owned    bool
	template string // CH_TEMPLATE_SHA256 of a running server
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

// ClientConfig is the clickhouse-client config that reaches the server:
// `clickhouse-client --config-file PATH` (it holds the password).
func (l *Local) ClientConfig() string { return filepath.Join(l.Dir, ClientConfigFile) }

// ServerBinary finds Debian's clickhouse-server.
func ServerBinary() (string, error) {
	for _, b := range []string{"/usr/bin/clickhouse-server", "/usr/sbin/clickhouse-server", "/usr/bin/clickhouse"} {
		if st, err := os.Stat(b); err == nil && !st.IsDir() {
			return b, nil
		}
	}
	return "", errors.New("deploy: clickhouse-server is not installed; run `deploy/clickhouse.sh install` (as root) or `make run`")
}

// Options tunes Start and Ensure.
type Options struct {
	// TCPPort is the native protocol's port; 0 picks a free one.
	TCPPort int
	// HTTPPort turns ClickHouse's HTTP interface on at that port (it still
	// needs the password); 0, the default, leaves it off.
	HTTPPort int
	// Password sets the password of `default` (and DIR/clickhouse.password);
	// empty keeps the folder's own, generated at the first start. Cluster
	// nodes share one so that RemoteServers can name it.
	Password Secret
	// RemoteServers is the inner XML of <remote_servers> (cluster tests).
	// Its replicas need <user> and <password>: `default` has one.
	RemoteServers string
	Logger        *slog.Logger
}

// Ensure returns the server already running on dir (started by another bdg
// process or by clickhouse.sh, not owned) or starts one that this process
// owns. A running server started from other templates than this bdg's (an
// older bdg's without a password, with an HTTP port) is stopped and started
// again on the current config, with the folder's password.
func Ensure(ctx context.Context, dir string, opt Options) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	if l, ok := Running(abs); ok {
		if l.current(opt) {
			if err := waitTCP(ctx, l.Addr(), 2*time.Second, nil); err == nil {
				return l, nil
			}
		} else if opt.Logger != nil {
			opt.Logger.Warn("restarting local ClickHouse started from an older config (now with a password, no HTTP port)", "dir", abs, "pid", l.PID)
		}
	}
	return Start(ctx, abs, opt)
}

// current reports whether a running server was started from this bdg's
// templates and its users.xml holds the folder's password.
func (l *Local) current(opt Options) bool {
	if l.template != templateVersion || l.Password == "" || (opt.Password != "" && opt.Password != l.Password) {
		return false
	}
	users, err := os.ReadFile(filepath.Join(l.Dir, "users.xml"))
	return err == nil && string(users) == renderUsers(l.Password)
}

// Running reads DIR/clickhouse.env and reports the server if its pid is alive
// and was started on this folder's config, with the folder's password when
// it has one.
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
		case "CH_TEMPLATE_SHA256":
			l.template = v
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
	l.Password, _ = ReadPassword(dir) // none yet: a server of an older bdg
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
// process that dies with bdg (Pdeathsig), so no orphan survives a crash. It
// makes dir 0700, creates the password at the first start, and writes every
// file holding the password or its hash 0600.
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
	// 0700 also for a folder an older bdg made 0750: the data and the
	// password are the owner's only.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	for _, sub := range []string{"data", "tmp", "log", "user_files", "format_schemas"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, fmt.Errorf("deploy: %w", err)
		}
	}
	pw, err := ensurePassword(dir, opt.Password)
	if err != nil {
		return nil, err
	}
	l := &Local{Dir: dir, TCPPort: opt.TCPPort, HTTPPort: opt.HTTPPort, Password: pw, Owned: true, log: log, opt: opt}
	if l.TCPPort == 0 {
		if l.TCPPort, err = FreePort(); err != nil {
			return nil, err
		}
	}
	for name, text := range map[string]string{
		"config.xml":     renderConfig(dir, l.TCPPort, l.HTTPPort, opt.RemoteServers),
		"users.xml":      renderUsers(pw),
		ClientConfigFile: renderClient(l.TCPPort, pw),
	} {
		if err := writePrivate(filepath.Join(dir, name), []byte(text)); err != nil {
			return nil, err
		}
	}
	logf, err := os.OpenFile(filepath.Join(dir, "log", "stdout.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
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
	if err := writePrivate(filepath.Join(dir, "clickhouse.pid"), []byte(strconv.Itoa(l.PID)+"\n")); err != nil {
		_ = l.Stop()
		return nil, err
	}
	if err := writePrivate(filepath.Join(dir, "clickhouse.env"), []byte(envFile(l))); err != nil {
		_ = l.Stop()
		return nil, err
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

// renderConfig is config.xml; clickhouse.sh renders the same bytes.
func renderConfig(dir string, tcpPort, httpPort int, remoteServers string) string {
	http := "<!-- no http_port: off unless asked for -->"
	if httpPort > 0 {
		http = "<http_port>" + strconv.Itoa(httpPort) + "</http_port>"
	}
	return strings.NewReplacer("@DIR@", dir, "@HTTP_PORT@", http, "@TCP_PORT@", strconv.Itoa(tcpPort),
		"@REMOTE_SERVERS@", remoteServers).Replace(configTemplate)
}

// renderUsers is users.xml: `default` with the password's sha256.
func renderUsers(pw Secret) string {
	return strings.ReplaceAll(usersTemplate, "@PASSWORD_SHA256@", pw.sha256Hex())
}

// renderClient is client.xml, for clickhouse-client --config-file.
func renderClient(tcpPort int, pw Secret) string {
	return strings.NewReplacer("@TCP_PORT@", strconv.Itoa(tcpPort), "@PASSWORD@", pw.Reveal()).Replace(clientTemplate)
}

// envFile is clickhouse.env, the KEY=VALUE lines clickhouse.sh also prints;
// it names the password file but never holds the password.
func envFile(l *Local) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CH_DIR=%s\nCH_TCP_PORT=%d\n", l.Dir, l.TCPPort)
	if l.HTTPPort > 0 {
		fmt.Fprintf(&b, "CH_HTTP_PORT=%d\n", l.HTTPPort)
	}
	fmt.Fprintf(&b, "CH_PID=%d\nCH_PASSWORD_FILE=%s\nCH_CLIENT_CONFIG=%s\nCH_TEMPLATE_SHA256=%s\n",
		l.PID, filepath.Join(l.Dir, PasswordFile), l.ClientConfig(), templateVersion)
	return b.String()
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
