// Package store owns bdg's ClickHouse schema and connection: migrations,
// reference data (units, catalogue) and the writes of report versions. The
// SQL dialect lives here and in analytics' query files, nowhere else.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Config names the ClickHouse server or cluster.
type Config struct {
	Addr     []string // host:port of the native protocol
	User     string
	Password string
	Database string
	// Cluster, when set, makes migrations create tables ON CLUSTER.
	Cluster string
}

// Store is an open connection with bdg's schema.
type Store struct {
	Conn driver.Conn
	cfg  Config
	log  *slog.Logger
}

var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Open connects, creating the database when missing. It retries for up to
// wait while the server is starting.
func Open(ctx context.Context, cfg Config, log *slog.Logger, wait time.Duration) (*Store, error) {
	if cfg.Database == "" {
		cfg.Database = "bdg"
	}
	if cfg.User == "" {
		cfg.User = "default"
	}
	if !identRe.MatchString(cfg.Database) {
		return nil, fmt.Errorf("store: database name %q is not a plain identifier", cfg.Database)
	}
	if cfg.Cluster != "" && !identRe.MatchString(cfg.Cluster) {
		return nil, fmt.Errorf("store: cluster name %q is not a plain identifier", cfg.Cluster)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	boot, err := connect(ctx, cfg, "default", wait)
	if err != nil {
		return nil, err
	}
	err = boot.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+cfg.Database+onCluster(cfg.Cluster))
	boot.Close()
	if err != nil && !isAlreadyExists(err) {
		return nil, fmt.Errorf("store: create database: %w", err)
	}
	conn, err := connect(ctx, cfg, cfg.Database, wait)
	if err != nil {
		return nil, err
	}
	return &Store{Conn: conn, cfg: cfg, log: log}, nil
}

func connect(ctx context.Context, cfg Config, db string, wait time.Duration) (driver.Conn, error) {
	conn, err := clickhouse.Open(&clickhouse.Options{
		Addr:             cfg.Addr,
		Auth:             clickhouse.Auth{Database: db, Username: cfg.User, Password: cfg.Password},
		DialTimeout:      5 * time.Second,
		ReadTimeout:      60 * time.Second,
		MaxOpenConns:     16,
		MaxIdleConns:     8,
		ConnMaxLifetime:  time.Hour,
		ConnOpenStrategy: clickhouse.ConnOpenInOrder,
	})
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	deadline := time.Now().Add(wait)
	for {
		err = conn.Ping(ctx)
		if err == nil {
			return conn, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			conn.Close()
			return nil, fmt.Errorf("store: ping %v: %w", cfg.Addr, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.Conn.Close() }

// Database is the database name in use.
func (s *Store) Database() string { return s.cfg.Database }

// Ping checks that ClickHouse answers.
func (s *Store) Ping(ctx context.Context) error { return s.Conn.Ping(ctx) }

func onCluster(cluster string) string {
	if cluster == "" {
		return ""
	}
	return " ON CLUSTER " + cluster
}

// isAlreadyExists is true for "table/database already exists" errors, which a
// second migrating process may meet between IF NOT EXISTS and the create.
func isAlreadyExists(err error) bool {
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		return ex.Code == 57 || ex.Code == 82
	}
	return false
}
