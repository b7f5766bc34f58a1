package analytics

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
)

// TestCacheDropsAnswersComputedBeforeInvalidate: an answer whose
// computation started before the data changed is not kept, so the next
// request computes afresh instead of serving the stale answer.
func TestCacheDropsAnswersComputedBeforeInvalidate(t *testing.T) {
	ctx := context.Background()
	st := chtest.New(t)
	s := New(st.Conn, st, Options{})
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan int)
	go func() {
		v, _ := cached(ctx, s, "k", func(context.Context) (int, error) {
			close(started)
			<-release // a publish happens meanwhile
			return 1, nil
		})
		done <- v
	}()
	<-started
	s.Invalidate()
	close(release)
	if v := <-done; v != 1 {
		t.Fatalf("the first caller got %d, want its own answer 1", v)
	}
	v, err := cached(ctx, s, "k", func(context.Context) (int, error) { return 2, nil })
	if err != nil || v != 2 {
		t.Fatalf("after the invalidate: %d, %v; want 2 (the answer computed before it is stale)", v, err)
	}
}

// TestCacheCollapsesConcurrentMisses: many requests for one missing answer
// run one computation.
func TestCacheCollapsesConcurrentMisses(t *testing.T) {
	ctx := context.Background()
	st := chtest.New(t)
	s := New(st.Conn, st, Options{})
	var calls atomic.Int32
	gate := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := cached(ctx, s, "k", func(context.Context) (int, error) {
				calls.Add(1)
				<-gate
				return 7, nil
			}); err != nil || v != 7 {
				t.Errorf("got %d, %v", v, err)
			}
		}()
	}
	// Give every caller time to reach the cache while the computation is
	// held. The count cannot pass for a wrong reason: a caller that came
	// late finds the answer cached; only callers that each compute raise it.
	time.Sleep(100 * time.Millisecond)
	close(gate)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("%d computations for 8 concurrent misses, want 1", n)
	}
}
