// Command bdg monitors commune reports on gender equality (bình đẳng giới)
// for a district office: it ingests reports into ClickHouse and serves
// dashboards. Run `bdg help` for the subcommands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `bdg: theo dõi báo cáo bình đẳng giới của các xã / district monitoring of commune gender-equality reports

Cách dùng / usage: bdg <lệnh> [tuỳ chọn]

  serve     chạy máy chủ web / run the web server (embedded ClickHouse by default)
  migrate   áp dụng lược đồ CSDL / apply database migrations
  demo      nạp dữ liệu mẫu huyện Bắc Sơn / load the demo district (huyện Bắc Sơn)
  extract   trích xuất chỉ tiêu từ tệp báo cáo / extract indicators from report files
  ingest    nạp hàng loạt tệp báo cáo / load report files and folders in bulk
  report    soạn báo cáo tổng hợp (Word) của địa bàn / write the area's report for a period (Word)
  token     mã truy cập API: create, list, revoke / API bearer tokens
  user      người dùng trang web: create, password, disable, enable, list / web users
  version   in phiên bản / print the version

"bdg <lệnh> --help" cho biết tuỳ chọn của từng lệnh / shows each command's options.
`

// run is main without the process: testable with its own args and streams.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, rest, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, rest, stdout, stderr)
	case "extract":
		return cmdExtract(ctx, rest, stdout, stderr)
	case "ingest":
		return cmdIngest(ctx, rest, stdout, stderr)
	case "report":
		return cmdReport(ctx, rest, stdout, stderr)
	case "token":
		return cmdToken(ctx, rest, stdout, stderr)
	case "user":
		return cmdUser(ctx, rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "bdg", version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "bdg: lệnh không rõ / unknown command %q\n\n%s", cmd, usage)
	return 2
}
