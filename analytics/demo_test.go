package analytics_test

import (
	"context"
	"slices"
	"testing"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/demo"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/period"
)

// TestOnDemoDistrict checks the analytics against figures recomputed here
// from demo.Values, the demo's own source of truth.
func TestOnDemoDistrict(t *testing.T) {
	ctx := context.Background()
	st := chtest.New(t)
	svc := ingest.NewService(st, fixedNow, nil)
	if _, err := demo.Load(ctx, svc, svc); err != nil {
		t.Fatal(err)
	}
	an := analytics.New(st.Conn, st, analytics.Options{Area: analytics.Area{Level: "district", Code: demo.District}, Now: fixedNow})
	vals := func(c string, p period.Period) map[string]float64 {
		if demo.Missing[[2]string{c, p.String()}] {
			return nil
		}
		scale := 1
		if p.Era() == period.Era2025 {
			scale = len(demo.NewCommunes[c])
		}
		return demo.Values(c, p, scale, 0)
	}

	t.Run("female staff ratio is 100 × Σfemale / Σtotal", func(t *testing.T) {
		cmp, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p24h2, Indicator: "female_staff_ratio"})
		if err != nil {
			t.Fatal(err)
		}
		var f, tot, sumRatios float64
		n := 0
		for _, c := range demo.OldCommunes {
			v := vals(c, p24h2)
			if v == nil {
				continue
			}
			f += v["gender_staff_female"]
			tot += v["gender_staff_total"]
			sumRatios += 100 * v["gender_staff_female"] / v["gender_staff_total"]
			n++
		}
		want(t, "district ratio", cmp.Area, 100*f/tot)
		if near(100*f/tot, sumRatios/float64(n)) {
			t.Fatal("the demo cannot tell a ratio of sums from a mean of ratios")
		}
	})

	t.Run("counts sum", func(t *testing.T) {
		cmp, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p24h2, Indicator: "listeners_reached"})
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, c := range demo.OldCommunes {
			sum += vals(c, p24h2)["listeners_reached"]
		}
		want(t, "district listeners", cmp.Area, sum)
		if cmp.Rows[0].Code != demo.OutlierCommune {
			t.Errorf("first = %s, want the outlier %s", cmp.Rows[0].Code, demo.OutlierCommune)
		}
	})

	t.Run("staff over a year take the latest half-year", func(t *testing.T) {
		cmp, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p24, Indicator: "gender_staff_total"})
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, c := range demo.OldCommunes {
			v := vals(c, p24h2)
			if v == nil { // 06382 sent no second half: its first half is its latest
				v = vals(c, p24h1)
			}
			sum += v["gender_staff_total"]
		}
		want(t, "district staff 2024", cmp.Area, sum)
	})

	t.Run("new communes before the reform sum their predecessors", func(t *testing.T) {
		tr, err := an.Trends(ctx, analytics.TrendFilter{Indicator: "comm_sessions", Era: period.Era2025,
			Periods: []period.Period{p24h2, p25h2}})
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Series) != 6 {
			t.Fatalf("%d series", len(tr.Series))
		}
		for _, s := range tr.Series {
			var sum float64
			for _, old := range demo.NewCommunes[s.Code] {
				sum += vals(old, p24h2)["comm_sessions"]
			}
			want(t, s.Name+" 2024-H2", s.Points[0].Value, sum)
			want(t, s.Name+" 2025-H2", s.Points[1].Value, vals(s.Code, p25h2)["comm_sessions"])
			if s.Points[0].Source == nil || s.Points[0].Source.Reform == nil {
				t.Errorf("%s 2024-H2 not marked", s.Name)
			}
		}
	})

	t.Run("completeness", func(t *testing.T) {
		c, err := an.Completeness(ctx, analytics.CompletenessFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Periods) != 9 {
			t.Fatalf("%d periods", len(c.Periods))
		}
		for _, ps := range c.Periods {
			switch ps.Period.String() {
			case demo.LatePeriod:
				if !slices.Equal(ps.LateCodes, []string{demo.LateCommune}) || ps.Reported != 18 {
					t.Errorf("%s = %+v", ps.Period, ps)
				}
			case "2023-H2":
				if !slices.Equal(ps.MissingCodes, []string{"06376"}) || ps.Late != 0 {
					t.Errorf("2023-H2 = %+v", ps)
				}
			case "2026-H1":
				if ps.Expected != 6 || !slices.Equal(ps.MissingCodes, []string{"06376"}) {
					t.Errorf("2026-H1 = %+v", ps)
				}
			}
		}
	})

	t.Run("the outlier is flagged", func(t *testing.T) {
		q, err := an.QualityFlags(ctx, analytics.QualityFilter{Period: period.MustParse(demo.OutlierPeriod),
			Indicators: []string{"listeners_reached"}})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]bool{}
		for _, f := range q.Flags {
			if f.Code == demo.OutlierCommune {
				kinds[f.Kind] = true
			} else if f.Kind == analytics.FlagPeers {
				// Other communes may stand out from their own short history, but
				// only the outlier stands out from its peers.
				t.Errorf("unexpected flag %+v", f)
			}
		}
		if !kinds[analytics.FlagPeers] || !kinds[analytics.FlagHistory] {
			t.Errorf("outlier flags = %v", kinds)
		}
	})
}
