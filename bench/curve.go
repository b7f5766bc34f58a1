package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/synth"
	"github.com/bdg-district/bdg/units"
	"github.com/bdg-district/bdg/web"
)

// curveSize is one data size of the cost curve: the same communes and
// years reported every half-year (x1), every quarter (x2) or every month (x6).
type curveSize struct {
	name  string
	kind  period.Kind
	count int // periods per year
}

var curveSizes = []curveSize{{"x1", period.Half, 2}, {"x2", period.Quarter, 4}, {"x6", period.Month, 12}}

// curvePoint is one API's p95 at one size.
type curvePoint map[string]float64 // api → p95 ms

// costCurve loads the national data at each size into its own database
// (with the bare driver: the load is not what is measured), then times each
// analytics API uncached through bdg's JSON API, as section 3 does, the
// sizes taking turns request by request (x1, x2, x6, x1, …) so that the
// machine's drift hits every size alike, and returns the p95s and the
// values each size holds.
func costCurve(ctx context.Context, open func(string) (*store.Store, error), old []units.Unit, codes []string,
	years []int, runs int, log *slog.Logger) (map[string]curvePoint, map[string]uint64, error) {
	values := map[string]uint64{}
	type sized struct {
		srv  *httptest.Server
		an   *analytics.Service
		last string // the last period: the comparisons' period
	}
	var loaded []sized
	defer func() {
		for _, l := range loaded {
			l.srv.Close()
		}
	}()
	for _, size := range curveSizes {
		st, err := open("curve_" + size.name)
		if err != nil {
			return nil, nil, err
		}
		defer st.Close()
		var periods []period.Period
		for _, y := range years {
			for n := 1; n <= size.count; n++ {
				periods = append(periods, period.Period{Year: y, Kind: size.kind, N: n})
			}
		}
		for _, p := range periods {
			if err := driverInsert(ctx, st.Conn, synth.Structured(old, []period.Period{p}, codes)); err != nil {
				return nil, nil, err
			}
		}
		var n uint64
		if err := st.Conn.QueryRow(ctx, "SELECT count() FROM indicator_values").Scan(&n); err != nil {
			return nil, nil, err
		}
		values[size.name] = n
		waitMerges(ctx, st)
		an := analytics.New(st.Conn, st, analytics.Options{Area: analytics.Area{Level: "province", Code: "01"}, Logger: log})
		gin.SetMode(gin.ReleaseMode)
		r := gin.New()
		dashboards.APIRoutes(r.Group("/api/v1"), dashboards.New(an, web.NewSite(web.Options{}), log))
		loaded = append(loaded, sized{httptest.NewServer(r), an, periods[len(periods)-1].String()})
	}
	points := map[string]curvePoint{}
	for _, size := range curveSizes {
		points[size.name] = curvePoint{}
	}
	for _, ep := range []struct{ name, path string }{
		{"compare_communes", "/api/v1/compare/communes?indicator=listeners_reached&period="},
		{"compare_periods", "/api/v1/compare/periods?indicator=listeners_reached"},
		{"trends", "/api/v1/trends?indicator=listeners_reached"},
		{"completeness", "/api/v1/completeness"},
		{"overview", "/api/v1/overview?period="},
	} {
		times := make([][]float64, len(loaded))
		for i := 0; i < runs+3; i++ {
			for k, l := range loaded {
				url := l.srv.URL + ep.path
				if strings.HasSuffix(url, "period=") {
					url += l.last
				}
				ms, err := timeHTTP(url, l.an.Invalidate)
				if err != nil {
					return nil, nil, fmt.Errorf("%s at %s: %w", ep.name, curveSizes[k].name, err)
				}
				if i >= 3 {
					times[k] = append(times[k], ms)
				}
			}
		}
		for k, size := range curveSizes {
			points[size.name][ep.name] = pct(times[k], 95)
		}
	}
	return points, values, nil
}

// waitMerges lets the background merges of a bulk load finish (bounded), so
// queries are timed in a server's steady state.
func waitMerges(ctx context.Context, st *store.Store) {
	for i := 0; i < 240; i++ {
		var merges uint64
		if err := st.Conn.QueryRow(ctx, "SELECT count() FROM system.merges").Scan(&merges); err != nil || merges == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// curveFigures runs the cost curve on the national half-years' years and
// adds each API's p95 at each size and its growth from x1 to x6.
func curveFigures(ctx context.Context, open func(string) (*store.Store, error), old []units.Unit, codes []string,
	runs int, log *slog.Logger, add func(name, value, note string)) error {
	years := []int{2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024}
	points, sizes, err := costCurve(ctx, open, old, codes, years, runs, log)
	if err != nil {
		return err
	}
	// What each answer must read: the comparisons and the overview one period
	// and its two neighbours, whatever is stored; a trend and the
	// completeness matrix every stored period up to the 40 a view shows.
	shown := func(size curveSize) int { return min(40, len(years)*size.count) }
	reads := map[string]string{
		"compare_communes": "it reads 3 periods at every size: goal flat (≤ 1)",
		"compare_periods":  "it reads 3 periods at every size: goal flat (≤ 1)",
		"overview":         "it reads 3 periods at every size: goal flat (≤ 1)",
		"trends": fmt.Sprintf("it reads %d, %d, %d periods: goal ≤ %.2f", shown(curveSizes[0]), shown(curveSizes[1]), shown(curveSizes[2]),
			float64(shown(curveSizes[2]))/float64(shown(curveSizes[0]))),
	}
	reads["completeness"] = reads["trends"]
	for _, api := range []string{"compare_communes", "compare_periods", "trends", "completeness", "overview"} {
		for _, size := range curveSizes {
			note := ""
			if api == "compare_communes" {
				note = fmt.Sprintf("%s: %d values", size.name, sizes[size.name])
			}
			add(fmt.Sprintf("%s_p95_ms_%s", api, size.name), fmt.Sprintf("%.1f", points[size.name][api]), note)
		}
		add(api+"_p95_growth_x6", fmt.Sprintf("%.2f", points["x6"][api]/points["x1"][api]),
			fmt.Sprintf("p95 at x6 over x1, the data stored being %.1f× larger; %s; and ≤ 100 ms at x6", float64(sizes["x6"])/float64(sizes["x1"]), reads[api]))
	}
	return nil
}
