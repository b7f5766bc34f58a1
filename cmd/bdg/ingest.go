package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

func cmdIngest(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "bdg ingest PATH...: nạp hàng loạt tệp/thư mục báo cáo / load report files and folders in bulk")
		fs.PrintDefaults()
	}
	addDBFlags(fs)
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	fmt.Fprintln(stderr, "bdg ingest: chưa có / not built yet")
	return 1
}
