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
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/demo"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/review"
	"github.com/bdg-district/bdg/server"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "bdg serve: chạy máy chủ web; không cấu hình ClickHouse thì tự chạy một máy chủ ClickHouse riêng trong --data / run the web server; without a ClickHouse address it starts and supervises its own under --data")
		fs.PrintDefaults()
	}
	db := addDBFlags(fs)
	addr := fs.String("addr", env("BDG_ADDR", "127.0.0.1:8080"), "địa chỉ lắng nghe / listen address [BDG_ADDR]")
	withDemo := fs.Bool("demo", false, "nạp dữ liệu mẫu huyện Bắc Sơn khi khởi động (không nhân đôi) / load the demo district at start (idempotent)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	log := db.logger(stderr)
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
	if *withDemo {
		n, err := demo.Load(ctx, svc, svc)
		if err != nil {
			fmt.Fprintln(stderr, "bdg serve: demo:", err)
			return 1
		}
		log.Info("demo district loaded", "reports", n)
	}
	an := analytics.New(a.store.Conn, a.store, analytics.Options{Area: area, Logger: log})
	h := server.New(server.Deps{
		Health:     a.store,
		Assets:     as,
		Dashboards: dashboards.New(an, as, log),
		Ingest:     ingest.NewAPI(svc, nil, an),
		Review:     review.New(svc, a.store, an, as, nil, nil, log),
		Logger:     log,
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
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
