package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/demo"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/server"
	"github.com/bdg-district/bdg/units"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "bdg serve: chạy máy chủ web; không cấu hình ClickHouse thì tự chạy một máy chủ ClickHouse riêng trong --data / run the web server; without a ClickHouse address it starts and supervises its own under --data")
		fs.PrintDefaults()
	}
	db := addDBFlags(fs)
	addr := fs.String("addr", env("BDG_ADDR", "127.0.0.1:8080"), "địa chỉ lắng nghe / listen address [BDG_ADDR]")
	withDemo := fs.Bool("demo", false, "nạp dữ liệu mẫu huyện Bắc Sơn và người dùng mẫu khi khởi động (không nhân đôi) / load the demo district and demo users at start (idempotent)")
	proxies := fs.String("trusted-proxies", env("BDG_TRUSTED_PROXIES", ""), "các proxy được tin X-Forwarded-For, cách nhau dấu phẩy / reverse proxies trusted for X-Forwarded-For, comma-separated [BDG_TRUSTED_PROXIES]")
	deadlineFlag := fs.String("deadlines", env("BDG_DEADLINES", ""), "hạn nộp: số ngày sau cuối kỳ theo loại kỳ, ví dụ half=15,year=30,quarter=10 (mặc định 15) / report deadline in days after the period's end per period kind (default 15) [BDG_DEADLINES]")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	log := db.logger(stderr)
	deadlines, err := analytics.ParseDeadlines(*deadlineFlag)
	if err != nil {
		fmt.Fprintln(stderr, "bdg serve: --deadlines:", err)
		return 2
	}
	area, err := db.areaValue()
	if err != nil {
		fmt.Fprintln(stderr, "bdg serve:", err)
		return 2
	}
	as, err := assets.New()
	if err != nil {
		fmt.Fprintln(stderr, "bdg serve:", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "bdg serve:", err)
		return 1
	}
	defer ln.Close()
	a, err := db.open(ctx, log)
	if err != nil {
		fmt.Fprintln(stderr, "bdg serve:", err)
		return 1
	}
	defer a.Close()
	if a.local != nil {
		go a.local.Supervise(ctx)
	}
	spool, err := ingest.OpenSpool(filepath.Join(db.data, "spool"))
	if err != nil {
		fmt.Fprintln(stderr, "bdg serve:", err)
		return 1
	}
	svc := a.ingest().WithSpool(spool)
	go svc.RunDrainer(ctx, 2*time.Second)
	demoReports := 0
	if *withDemo {
		n, err := demo.Load(ctx, svc, svc)
		if err != nil {
			fmt.Fprintln(stderr, "bdg serve: demo:", err)
			return 1
		}
		log.Info("demo district loaded", "reports", n)
		demoReports = n
	}
	var trusted []string
	if *proxies != "" {
		trusted = strings.Split(*proxies, ",")
	}
	app, err := server.Wire(server.Setup{Store: a.store, Ingest: svc, Assets: as, Area: area, DeadlineDays: deadlines,
		Logger: log, TrustedProxies: trusted})
	if err != nil {
		fmt.Fprintln(stderr, "bdg serve:", err)
		return 1
	}
	if err := firstUsers(ctx, app.Auth, *withDemo, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "bdg serve:", err)
		return 1
	}
	if *withDemo {
		auditDemo(ctx, app.Auth, stderr, "bdg serve --demo", demoReports)
	}
	h := server.New(app.Deps)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: server.MaxHeaderBytes}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "bdg đang chạy tại / is running at http://%s/\n", ln.Addr())
	select {
	case <-ctx.Done():
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(stderr, "bdg serve:", err)
			return 1
		}
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return 0
}

// DemoPassword is the password of the demo accounts that `--demo` creates
// (canbo, xem, xa06331). It is in the README on purpose: the demo district is
// for trying bdg out, never for real data.
const DemoPassword = "bacson-demo"

// firstUsers creates the administrator on the first start, printing its
// one-time password, and with --demo the demo accounts, whose logins are
// printed at every start. Each account made is in the audit log.
func firstUsers(ctx context.Context, au *auth.Auth, withDemo bool, stdout, stderr io.Writer) error {
	made := func(name string) {
		if u, found, err := au.User(ctx, name); err == nil && found {
			recordCommand(ctx, au, stderr, auth.CommandEntry(osUser(), "bdg serve", "user.create", name, nil), nil, auth.UserRecord(u))
		}
	}
	pw, created, err := au.EnsureUser(ctx, "admin", auth.RoleAdmin, "")
	if err != nil {
		return err
	}
	if created {
		made("admin")
		fmt.Fprintf(stdout, "Tài khoản mới / new account: admin (admin) — mật khẩu, chỉ hiện một lần / password, shown once: %s\n", pw)
	}
	if !withDemo {
		return nil
	}
	for _, u := range []struct {
		name  string
		role  auth.Role
		scope units.Scope
	}{{"canbo", auth.RoleOfficer, units.Scope{}}, {"xem", auth.RoleViewer, units.Scope{}},
		{"xa06331", auth.RoleReporter, units.Scope{Era: period.EraPre2025, Code: "06331"}}} {
		if _, found, err := au.User(ctx, u.name); err != nil {
			return err
		} else if !found {
			if _, err := au.AddUser(ctx, auth.NewUser{Name: u.name, Role: u.role, Scope: u.scope, Password: DemoPassword, By: "bdg demo"}); err != nil {
				return err
			}
			made(u.name)
		}
	}
	fmt.Fprintf(stdout, "Tài khoản mẫu / demo logins: canbo (cán bộ/officer), xem (chỉ xem/viewer), xa06331 (xã Vạn Thủy/reporter) — mật khẩu / password: %s\n", DemoPassword)
	return nil
}
