package analytics

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// resultCache keeps query results until the published data changes. Its
// version moves on every write this process makes (Invalidate, called by
// the ingest service) and, for writes by other processes (bdg ingest,
// another server), when the newest report row in ClickHouse changes, which
// is checked at most every versionCheck.
type resultCache struct {
	mu        sync.Mutex
	entries   map[string]any
	dbRev     uint64
	checkedAt time.Time
	gen       uint64 // moves whenever the cache is dropped
}

// versionCheck bounds how stale a cached answer can be after a write by
// another process.
const versionCheck = 2 * time.Second

// maxCached bounds the cache; past it the whole cache starts again (the
// keys are filters people click, so the working set is small).
const maxCached = 2000

// Invalidate drops every cached result: the data changed.
func (s *Service) Invalidate() {
	s.cache.mu.Lock()
	s.cache.entries = nil
	s.cache.gen++
	s.cache.mu.Unlock()
}

// Version names the state of the published data: it changes whenever a
// cached answer may have become stale, so callers can cache what they build
// from analytics answers (encoded responses) under it.
func (s *Service) Version(ctx context.Context) uint64 {
	s.checkVersion(ctx)
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	return s.cache.gen
}

// cached returns the cached result of key or computes and keeps it. Callers
// must treat the result as read-only: it is shared between requests.
func cached[T any](ctx context.Context, s *Service, key string, compute func() (T, error)) (T, error) {
	s.checkVersion(ctx)
	s.cache.mu.Lock()
	if v, ok := s.cache.entries[key]; ok {
		s.cache.mu.Unlock()
		return v.(T), nil
	}
	s.cache.mu.Unlock()
	v, err := compute()
	if err != nil {
		return v, err
	}
	s.cache.mu.Lock()
	if s.cache.entries == nil || len(s.cache.entries) >= maxCached {
		s.cache.entries = map[string]any{}
	}
	s.cache.entries[key] = v
	s.cache.mu.Unlock()
	return v, nil
}

// checkVersion empties the cache when another process has written reports.
func (s *Service) checkVersion(ctx context.Context) {
	s.cache.mu.Lock()
	if time.Since(s.cache.checkedAt) < versionCheck {
		s.cache.mu.Unlock()
		return
	}
	s.cache.checkedAt = time.Now()
	s.cache.mu.Unlock()
	var rev uint64
	if err := s.conn.QueryRow(ctx, "SELECT max(rev) FROM reports").Scan(&rev); err != nil {
		s.Invalidate() // cannot tell: do not serve what may be stale
		s.cache.mu.Lock()
		s.cache.checkedAt = time.Time{} // and ask again next time
		s.cache.mu.Unlock()
		return
	}
	s.cache.mu.Lock()
	if rev != s.cache.dbRev {
		s.cache.dbRev, s.cache.entries = rev, nil
		s.cache.gen++
	}
	s.cache.mu.Unlock()
}

func cacheKey(name string, filter any) string { return fmt.Sprintf("%s %+v", name, filter) }
