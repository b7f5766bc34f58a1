package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "bdg migrate: áp dụng các bước lược đồ còn thiếu (an toàn khi chạy lại) / apply pending schema migrations (safe to rerun)")
		fs.PrintDefaults()
	}
	db := addDBFlags(fs)
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	log := db.logger(stderr)
	a, err := db.open(ctx, log)
	if err != nil {
		fmt.Fprintln(stderr, "bdg migrate:", err)
		return 1
	}
	defer a.Close()
	v, err := a.store.SchemaVersion(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "bdg migrate:", err)
		return 1
	}
	fmt.Fprintf(stdout, "schema version %d\n", v)
	return 0
}
