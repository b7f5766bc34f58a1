package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/demo"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "bdg demo: nạp dữ liệu mẫu huyện Bắc Sơn, tỉnh Lạng Sơn (chạy lại không nhân đôi) / load the demo district, huyện Bắc Sơn (idempotent)")
		fs.PrintDefaults()
	}
	db := addDBFlags(fs)
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	a, err := db.open(ctx, db.logger(stderr))
	if err != nil {
		fmt.Fprintln(stderr, "bdg demo:", err)
		return 1
	}
	defer a.Close()
	svc := a.ingest()
	n, err := demo.Load(ctx, svc, svc)
	if err != nil {
		fmt.Fprintln(stderr, "bdg demo:", err)
		return 1
	}
	auditDemo(ctx, auth.New(a.store.Conn, nil, auth.Options{}), stderr, "bdg demo", n)
	fmt.Fprintf(stdout, "demo district loaded: %d reports (huyện Bắc Sơn, 185)\n", n)
	return 0
}

// auditDemo records a load of the demo district (report versions written
// from the command line) in the audit log.
func auditDemo(ctx context.Context, au *auth.Auth, stderr io.Writer, command string, n int) {
	e := auth.CommandEntry(osUser(), command, "report.demo", demo.District, nil)
	e.Detail = auth.JSON(map[string]any{"reports": n})
	recordCommand(ctx, au, stderr, e, nil, nil)
}
