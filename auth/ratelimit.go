package auth

import (
	"slices"
	"sync"
	"time"
)

// Limiter counts failures per key (a client address, a user name) in a
// sliding window; a key with max failures in the window is blocked.
type Limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

// NewLimiter blocks a key after max failures within window.
func NewLimiter(max int, window time.Duration, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{max: max, window: window, now: now, fails: map[string][]time.Time{}}
}

// recent drops failures older than the window; the caller holds mu.
func (l *Limiter) recent(key string) []time.Time {
	cut := l.now().Add(-l.window)
	list := l.fails[key]
	i := 0
	for i < len(list) && !list[i].After(cut) {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = list
	return list
}

// Blocked tells whether key has used up its failures, and for how long.
func (l *Limiter) Blocked(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	list := l.recent(key)
	if len(list) < l.max {
		return false, 0
	}
	return true, list[len(list)-l.max].Add(l.window).Sub(l.now())
}

// maxKeys bounds the keys remembered; past it a tenth are forgotten: keys
// not locked out first, oldest first. Forgetting everything (or simply the
// oldest) would let a flood of new addresses reset the lockout of a user
// being guessed.
const maxKeys = 100000

// Fail records a failure of key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, known := l.fails[key]; !known && len(l.fails) >= maxKeys {
		l.evict(maxKeys / 10)
	}
	l.fails[key] = append(l.recent(key), l.now())
}

// evict forgets n keys, those not locked out before those that are,
// each group oldest last failure first; the caller holds mu. Evicting a
// batch keeps a flood's cost per failure low.
func (l *Limiter) evict(n int) {
	type aged struct {
		key    string
		locked bool
		last   time.Time
	}
	all := make([]aged, 0, len(l.fails))
	for k, list := range l.fails {
		all = append(all, aged{k, len(list) >= l.max, list[len(list)-1]})
	}
	slices.SortFunc(all, func(a, b aged) int {
		if a.locked != b.locked {
			if a.locked {
				return 1
			}
			return -1
		}
		return a.last.Compare(b.last)
	})
	for _, a := range all[:min(n, len(all))] {
		delete(l.fails, a.key)
	}
}

// Reset forgets key's failures (after a successful login).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}
