package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/deploy"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/store"
)

// dbFlags are the database options shared by every command that needs one.
// Environment variables give the defaults, flags override them.
type dbFlags struct {
	data, addr, user, password, database, cluster, area, logLevel string
	replicated                                                    bool
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func addDBFlags(fs *flag.FlagSet) *dbFlags {
	f := &dbFlags{}
	fs.StringVar(&f.data, "data", env("BDG_DATA", "./var"), "thư mục dữ liệu (ClickHouse nhúng, hàng đợi) / data folder (embedded ClickHouse, spool) [BDG_DATA]")
	fs.StringVar(&f.addr, "clickhouse", env("BDG_CLICKHOUSE_ADDR", ""), "máy chủ ClickHouse host:port (nhiều máy cách nhau dấu phẩy); trống = tự chạy ClickHouse nhúng / ClickHouse native host:port, comma-separated; empty = start the embedded one [BDG_CLICKHOUSE_ADDR]")
	fs.StringVar(&f.user, "clickhouse-user", env("BDG_CLICKHOUSE_USER", "default"), "ClickHouse user [BDG_CLICKHOUSE_USER]")
	fs.StringVar(&f.password, "clickhouse-password", env("BDG_CLICKHOUSE_PASSWORD", ""), "ClickHouse password [BDG_CLICKHOUSE_PASSWORD]")
	fs.StringVar(&f.database, "clickhouse-database", env("BDG_CLICKHOUSE_DATABASE", "bdg"), "ClickHouse database [BDG_CLICKHOUSE_DATABASE]")
	fs.StringVar(&f.cluster, "clickhouse-cluster", env("BDG_CLICKHOUSE_CLUSTER", ""), "tên cụm ClickHouse trong remote_servers (tuỳ chọn): bảng cục bộ + Distributed / ClickHouse cluster of remote_servers, optional: local plus Distributed tables [BDG_CLICKHOUSE_CLUSTER]")
	fs.BoolVar(&f.replicated, "clickhouse-replicated", env("BDG_CLICKHOUSE_REPLICATED", "") == "true", "bảng Replicated (cần ClickHouse Keeper, macro {shard} {replica}) / Replicated tables (needs ClickHouse Keeper and the {shard}, {replica} macros) [BDG_CLICKHOUSE_REPLICATED=true]")
	fs.StringVar(&f.area, "area", env("BDG_AREA", "district:185"), "địa bàn theo dõi / monitored area: district:CODE (pre-2025) or province:CODE [BDG_AREA]")
	fs.StringVar(&f.logLevel, "log-level", env("BDG_LOG_LEVEL", "info"), "debug, info, warn, error [BDG_LOG_LEVEL]")
	return f
}

func (f *dbFlags) logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(f.logLevel))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

func (f *dbFlags) areaValue() (analytics.Area, error) {
	level, code, ok := strings.Cut(f.area, ":")
	if !ok || (level != "district" && level != "province") || code == "" {
		return analytics.Area{}, fmt.Errorf("--area %q: want district:CODE or province:CODE", f.area)
	}
	return analytics.Area{Level: level, Code: code}, nil
}

// appEnv is an opened, migrated database, with the local server when bdg
// started one itself.
type appEnv struct {
	store *store.Store
	local *deploy.Local
	log   *slog.Logger
}

func (a *appEnv) Close() {
	if a.store != nil {
		a.store.Close()
	}
	if a.local != nil {
		_ = a.local.Stop()
	}
}

// open connects to the configured ClickHouse, or starts the embedded one
// under --data, and applies migrations.
func (f *dbFlags) open(ctx context.Context, log *slog.Logger) (*appEnv, error) {
	a := &appEnv{log: log}
	cfg := store.Config{User: f.user, Password: f.password, Database: f.database, Cluster: f.cluster, Replicated: f.replicated}
	if f.addr != "" {
		cfg.Addr = strings.Split(f.addr, ",")
	} else {
		// The data folder (spool and embedded server) is the owner's only,
		// also one an older bdg made 0750. The server's own folder is made
		// 0700 by deploy whatever happens here.
		if err := os.MkdirAll(f.data, 0o700); err != nil {
			return nil, fmt.Errorf("data folder: %w", err)
		}
		if err := os.Chmod(f.data, 0o700); err != nil {
			log.Warn("data folder: cannot make it 0700", "dir", f.data, "err", err)
		}
		local, err := deploy.Ensure(ctx, filepath.Join(f.data, "clickhouse"), deploy.Options{Logger: log})
		if err != nil {
			return nil, err
		}
		a.local = local
		// The embedded server has one user, `default`, with the password
		// deploy generated into its folder; --clickhouse-user and
		// --clickhouse-password are for an existing server.
		cfg.Addr, cfg.User, cfg.Password = []string{local.Addr()}, "default", local.Password.Reveal()
		lvl := slog.LevelDebug // attached to a running server: said when it started
		if local.Owned {
			lvl = slog.LevelInfo
		}
		log.Log(ctx, lvl, "embedded ClickHouse", "addr", local.Addr(), "maintenance", "clickhouse-client --config-file "+local.ClientConfig())
	}
	st, err := store.Open(ctx, cfg, log, 60*time.Second)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.store = st
	if _, err := st.Migrate(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *appEnv) ingest() *ingest.Service { return ingest.NewService(a.store, nil, a.log) }

// parseFlags parses a subcommand's flags; help is exit 0, a bad flag exit 2.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, ok bool) {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}
