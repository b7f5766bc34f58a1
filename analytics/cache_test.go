package analytics_test

import (
	"context"
	"testing"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// TestResultCacheFollowsPublishing: a cached comparison changes as soon as
// this process publishes, and within a few seconds when another process
// (here: a second ingest service not wired to the cache) does.
func TestResultCacheFollowsPublishing(t *testing.T) {
	ctx := context.Background()
	st := chtest.New(t)
	an := analytics.New(st.Conn, st, analytics.Options{Area: analytics.Area{Level: "district", Code: "185"}, Now: fixedNow})
	svc := ingest.NewService(st, fixedNow, nil).OnChange(an.Invalidate)
	other := ingest.NewService(st, fixedNow, nil)
	p := period.MustParse("2024-H1")
	publish := func(s *ingest.Service, v float64) {
		t.Helper()
		if _, err := s.Submit(ctx, ingest.Submission{Commune: "06331", Period: p, SourceKind: "json", By: "t", Publish: true,
			Values: []model.Value{{Indicator: "listeners_reached", Value: v, Method: model.MethodTyped}}}); err != nil {
			t.Fatal(err)
		}
	}
	value := func() float64 {
		t.Helper()
		cmp, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p, Indicator: "listeners_reached"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range cmp.Rows {
			if r.Code == "06331" && r.Value != nil {
				return *r.Value
			}
		}
		return -1
	}
	publish(svc, 100)
	if v := value(); v != 100 {
		t.Fatalf("first = %v", v)
	}
	a, _ := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p, Indicator: "listeners_reached"})
	b, _ := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p, Indicator: "listeners_reached"})
	if a != b {
		t.Error("a repeated query was not answered from the cache")
	}
	publish(svc, 200)
	if v := value(); v != 200 {
		t.Errorf("after a publish in this process = %v, want 200 at once", v)
	}
	publish(other, 300)
	deadline := time.Now().Add(10 * time.Second)
	for value() != 300 {
		if time.Now().After(deadline) {
			t.Fatal("a publish by another process never reached the cache")
		}
		time.Sleep(200 * time.Millisecond)
	}
}
