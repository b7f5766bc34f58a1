// Package chtest gives tests a fresh database on the real ClickHouse that
// `make test` starts (its address in BDG_TEST_CLICKHOUSE_ADDR, the password of
// its user `default` in BDG_TEST_CLICKHOUSE_PASSWORD). There is no fallback and
// no skip: without a server the test fails and says how to start one.
package chtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/store"
)

// EnvAddr names the variable holding the test server's host:port.
const EnvAddr = "BDG_TEST_CLICKHOUSE_ADDR"

// EnvPassword names the variable holding the password of the test server's
// user `default` (scripts/test.sh reads it from the file clickhouse.sh names).
const EnvPassword = "BDG_TEST_CLICKHOUSE_PASSWORD"

// Config returns a store config for a new, uniquely named database.
func Config(t testing.TB) store.Config {
	t.Helper()
	addr := os.Getenv(EnvAddr)
	if addr == "" {
		t.Fatalf("%s is not set: run the tests with `make test`, which starts a throwaway ClickHouse "+
			"(or start one with `eval \"$(deploy/clickhouse.sh start DIR)\"`, then "+
			"export %s=127.0.0.1:$CH_TCP_PORT %s=\"$(cat $CH_PASSWORD_FILE)\")", EnvAddr, EnvAddr, EnvPassword)
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := strings.NewReplacer("/", "_", "-", "_", ".", "_").Replace(strings.ToLower(t.Name()))
	if len(name) > 40 {
		name = name[:40]
	}
	return store.Config{Addr: strings.Split(addr, ","), Password: os.Getenv(EnvPassword), Database: "t_" + name + "_" + hex.EncodeToString(b)}
}

// New opens a migrated store on a fresh database, dropped when the test ends
// unless BDG_TEST_KEEP is set.
func New(t testing.TB) *store.Store {
	t.Helper()
	return Open(t, Config(t))
}

// Open opens and migrates a store for cfg and registers its cleanup.
func Open(t testing.TB, cfg store.Config) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := store.Open(ctx, cfg, slog.New(slog.DiscardHandler), 10*time.Second)
	if err != nil {
		t.Fatalf("chtest: %v", err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("chtest: migrate: %v", err)
	}
	t.Cleanup(func() {
		if os.Getenv("BDG_TEST_KEEP") == "" {
			_ = s.Conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+cfg.Database)
		}
		s.Close()
	})
	return s
}
