package analytics

import (
	"golang.org/x/sync/singleflight"

	"context"
	"fmt"
	"strconv"
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
	// flight collapses concurrent misses of one key and generation into one
	// query: a page view fans out to several answers, and a published
	// report invalidates everything at once.
	flight singleflight.Group
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

// computeTimeout bounds a shared computation, which outlives the request
// that started it when others wait for it too.
const computeTimeout = time.Minute

// cached returns the cached result of key or computes and keeps it. Callers
// must treat the result as read-only: it is shared between requests.
//
// A result is kept only if the data did not change while it was computed:
// the generation is read before computing and the result stored only if it
// is still the same, so an answer started before a publish is never served
// after it. Concurrent misses of one key share one computation, which runs
// on a context that one leaving client cannot cancel for the others.
func cached[T any](ctx context.Context, s *Service, key string, compute func(ctx context.Context) (T, error)) (T, error) {
	s.checkVersion(ctx)
	s.cache.mu.Lock()
	if v, ok := s.cache.entries[key]; ok {
		s.cache.mu.Unlock()
		return v.(T), nil
	}
	gen := s.cache.gen
	s.cache.mu.Unlock()
	v, err, _ := s.cache.flight.Do(strconv.FormatUint(gen, 10)+" "+key, func() (any, error) {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), computeTimeout)
		defer cancel()
		v, err := compute(cctx)
		if err != nil {
			return nil, err
		}
		s.cache.mu.Lock()
		if s.cache.gen == gen {
			if s.cache.entries == nil || len(s.cache.entries) >= maxCached {
				s.cache.entries = map[string]any{}
			}
			s.cache.entries[key] = v
		}
		s.cache.mu.Unlock()
		return v, nil
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
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
