package main

import (
	"context"
	"sync"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// recorder is the ClickHouse connection analytics gets in the benchmark: it
// notes every statement a request sends, so the benchmark can time exactly
// that SQL run directly against the same server and compare.
type recorder struct {
	driver.Conn
	mu  sync.Mutex
	on  bool
	got []query
}

func (r *recorder) note(q string, args []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		r.got = append(r.got, query{q, args})
	}
}

// record turns recording on and returns a function that stops it and gives
// the statements sent meanwhile.
func (r *recorder) record() func() []query {
	r.mu.Lock()
	r.on, r.got = true, nil
	r.mu.Unlock()
	return func() []query {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.on = false
		return r.got
	}
}

func (r *recorder) Query(ctx context.Context, q string, args ...any) (driver.Rows, error) {
	r.note(q, args)
	return r.Conn.Query(ctx, q, args...)
}

func (r *recorder) QueryRow(ctx context.Context, q string, args ...any) driver.Row {
	r.note(q, args)
	return r.Conn.QueryRow(ctx, q, args...)
}

func (r *recorder) Select(ctx context.Context, dest any, q string, args ...any) error {
	r.note(q, args)
	return r.Conn.Select(ctx, dest, q, args...)
}
