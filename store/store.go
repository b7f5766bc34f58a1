// Package store owns bdg's ClickHouse schema and connection: migrations,
// reference data (units, catalogue) and the writes of report versions. The
// SQL of report versions lives here; analytics (its query files) and auth
// (users, sessions, tokens, the audit log) keep theirs beside their own
// functions, in the same portable dialect.
package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/bdg-district/bdg/apperr"
)

// Config names the ClickHouse server or cluster.
type Config struct {
	Addr     []string // host:port of the native protocol
	User     string
	Password string
	Database string
	// Cluster names a cluster of the servers' remote_servers. When set,
	// migrations create a local table per node plus a Distributed table over
	// them (ON CLUSTER when the servers run distributed DDL, else node by
	// node), and inserts wait until every shard has its rows.
	Cluster string
	// Replicated makes the local tables ReplicatedMergeTree engines, paths
	// from the {shard} and {replica} macros: production clusters with
	// ClickHouse Keeper (deploy/cluster).
	Replicated bool
}

// Store is an open connection with bdg's schema.
type Store struct {
	Conn driver.Conn
	cfg  Config
	log  *slog.Logger
	ddl  *ddlTarget // cluster mode only
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
	if cfg.Replicated && cfg.Cluster == "" {
		return nil, errors.New("store: replicated tables need a cluster name")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	boot, err := connect(ctx, cfg, "default", wait, nil)
	if err != nil {
		return nil, err
	}
	var ddl *ddlTarget
	var settings clickhouse.Settings
	if cfg.Cluster != "" {
		ddl, err = prepareCluster(ctx, cfg, boot, wait)
		if ddl != nil && !ddl.onCluster {
			log.Info("cluster without distributed DDL: creating tables node by node", "cluster", cfg.Cluster, "nodes", len(ddl.nodes))
		}
		// "Accepted" must mean stored on the shards, not queued on this node.
		settings = clickhouse.Settings{"insert_distributed_sync": 1}
	} else {
		err = boot.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+cfg.Database)
		if isAlreadyExists(err) {
			err = nil
		}
	}
	boot.Close()
	if err != nil {
		return nil, fmt.Errorf("store: create database: %w", err)
	}
	conn, err := connect(ctx, cfg, cfg.Database, wait, settings)
	if err != nil {
		ddl.close()
		return nil, err
	}
	return &Store{Conn: conn, cfg: cfg, log: log, ddl: ddl}, nil
}

func connect(ctx context.Context, cfg Config, db string, wait time.Duration, settings clickhouse.Settings) (driver.Conn, error) {
	conn, err := clickhouse.Open(&clickhouse.Options{
		Settings:         settings,
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
func (s *Store) Close() error {
	s.ddl.close()
	return s.Conn.Close()
}

// Database is the database name in use.
func (s *Store) Database() string { return s.cfg.Database }

// Ping checks that ClickHouse answers.
func (s *Store) Ping(ctx context.Context) error { return s.Conn.Ping(ctx) }

// isAlreadyExists is true for "table/database/column already exists"
// errors, which a second migrating process may meet between IF NOT EXISTS
// and the create, and which a rerun of ADD COLUMN always meets.
func isAlreadyExists(err error) bool {
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		return ex.Code == 57 || ex.Code == 82 ||
			((ex.Code == 44 || ex.Code == 15) && strings.Contains(ex.Message, "already exists"))
	}
	return false
}

// Unavailable reports whether err means the database could not be reached
// (as opposed to a user's mistake or a server-side SQL error): a submission
// is then spooled rather than refused, and an answer is 503, not 500.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if _, ok := apperr.As(err); ok {
		return false
	}
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "connection refused") ||
		strings.Contains(err.Error(), "acquire conn timeout") || strings.Contains(err.Error(), "driver: bad connection")
}
