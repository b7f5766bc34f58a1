package analytics_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }

var (
	p24h1 = period.MustParse("2024-H1")
	p24h2 = period.MustParse("2024-H2")
	p24   = period.MustParse("2024")
	p25h2 = period.MustParse("2025-H2")
)

// Communes of huyện Bắc Sơn used by the fixture: A, B and C all went whole
// into the new xã Tân Tri (06337) on 1 July 2025.
const (
	cA = "06331" // xã Vạn Thủy
	cB = "06337" // xã Đồng Ý (pre-2025); xã Tân Tri (2025)
	cC = "06340" // xã Tân Tri (pre-2025)
	cD = "06325" // thị trấn Bắc Sơn
)

type sub struct {
	commune string
	p       period.Period
	at      time.Time
	vals    map[string]float64
}

func day(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

func submitAll(t *testing.T, svc *ingest.Service, subs []sub) {
	t.Helper()
	for _, s := range subs {
		var vals []model.Value
		for code, v := range s.vals {
			vals = append(vals, model.Value{Indicator: code, Value: v, Method: model.MethodTyped, Confidence: 1})
		}
		// Some figures are impossible on purpose (the quality flags must
		// find them): they are published as an officer overriding the rules.
		res, err := svc.Submit(context.Background(), ingest.Submission{Commune: s.commune, Period: s.p, Values: vals,
			SourceKind: "json", By: "t", At: s.at})
		if err != nil {
			t.Fatalf("submit %s %s: %v", s.commune, s.p, err)
		}
		if _, err := svc.Publish(context.Background(), res.Report.ID, "t",
			ingest.Decision{Override: true, Reason: "test figures", Acknowledged: true}); err != nil {
			t.Fatalf("publish %s %s: %v", s.commune, s.p, err)
		}
	}
}

// fixture loads hand-made reports whose answers are worked out in the comments.
func fixture(t *testing.T) (*store.Store, *analytics.Service) {
	t.Helper()
	st := chtest.New(t)
	svc := ingest.NewService(st, fixedNow, nil)
	staff := func(total, female, listeners float64) map[string]float64 {
		return map[string]float64{"gender_staff_total": total, "gender_staff_female": female, "listeners_reached": listeners}
	}
	listeners := func(v float64) map[string]float64 { return map[string]float64{"listeners_reached": v} }
	submitAll(t, svc, []sub{
		// 2024-H1, due by the end of 15/07/2024 in Vietnam (17:00 UTC).
		{cA, p24h1, day(2024, 7, 10, 9), staff(2, 1, 100)},
		{cB, p24h1, day(2024, 7, 20, 0), staff(3, 3, 200)},  // late
		{cC, p24h1, day(2024, 7, 15, 16), staff(5, 1, 300)}, // 23:00 in Vietnam: on time
		{cD, p24h1, day(2024, 7, 1, 8), listeners(500)},
		// 2024-H2: B sends twice; the second version (20) is the one published.
		{cA, p24h2, day(2025, 1, 5, 8), staff(4, 2, 50)},
		{cB, p24h2, day(2025, 1, 10, 8), staff(3, 0, 30)},
		{cB, p24h2, day(2025, 2, 20, 8), staff(3, 0, 20)},
		// D's own history, for the data-quality check.
		{cD, period.MustParse("2022-H1"), day(2022, 7, 1, 8), listeners(100)},
		{cD, period.MustParse("2022-H2"), day(2023, 1, 1, 8), listeners(120)},
		{cD, period.MustParse("2023-H1"), day(2023, 7, 1, 8), listeners(110)},
		// 2023-H2: six communes to compare, one far above the rest, one with a part above its whole.
		{cD, period.MustParse("2023-H2"), day(2024, 1, 1, 8), listeners(90)},
		{"06328", period.MustParse("2023-H2"), day(2024, 1, 1, 8), staff(3, 5, 110)},
		{"06343", period.MustParse("2023-H2"), day(2024, 1, 1, 8), listeners(120)},
		{"06349", period.MustParse("2023-H2"), day(2024, 1, 1, 8), listeners(130)},
		{"06352", period.MustParse("2023-H2"), day(2024, 1, 1, 8), listeners(140)},
		{"06355", period.MustParse("2023-H2"), day(2024, 1, 1, 8), listeners(1000)},
		// After the reform: the new xã Tân Tri (06337).
		{cB, p25h2, day(2026, 1, 5, 8), staff(10, 5, 1000)},
	})
	an := analytics.New(st.Conn, st, analytics.Options{Area: analytics.Area{Level: "district", Code: "185"}, Now: fixedNow})
	return st, an
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func want(t *testing.T, what string, got *float64, w float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = nil, want %v", what, w)
		return
	}
	if !near(*got, w) {
		t.Errorf("%s = %v, want %v", what, *got, w)
	}
}

func wantNil(t *testing.T, what string, got *float64) {
	t.Helper()
	if got != nil {
		t.Errorf("%s = %v, want none", what, *got)
	}
}

func rowOf(t *testing.T, cmp *analytics.CommuneComparison, code string) analytics.CommuneValue {
	t.Helper()
	for _, r := range cmp.Rows {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no row %s", code)
	return analytics.CommuneValue{}
}

func TestAnalyticsOnHandMadeReports(t *testing.T) {
	ctx := context.Background()
	_, an := fixture(t)

	t.Run("compare communes: ratio of sums, not mean of ratios", func(t *testing.T) {
		cmp, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p24h1, Indicator: "female_staff_ratio"})
		if err != nil {
			t.Fatal(err)
		}
		// A 1/2 = 50 %, B 3/3 = 100 %, C 1/5 = 20 %; district 100 × 5 / 10 = 50 % (the mean would be 56,7 %).
		want(t, "district", cmp.Area, 50)
		want(t, "A", rowOf(t, cmp, cA).Value, 50)
		want(t, "B", rowOf(t, cmp, cB).Value, 100)
		want(t, "C", rowOf(t, cmp, cC).Value, 20)
		if r := rowOf(t, cmp, cB); r.Rank != 1 {
			t.Errorf("B rank %d, want 1", r.Rank)
		}
		if r := rowOf(t, cmp, cC); r.Rank != 3 {
			t.Errorf("C rank %d, want 3", r.Rank)
		}
		if cmp.Expected != 18 || cmp.Reported != 4 {
			t.Errorf("reported %d/%d, want 4/18", cmp.Reported, cmp.Expected)
		}
	})

	t.Run("compare communes: counts sum, shares, changes, latest version", func(t *testing.T) {
		cmp, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p24h2, Indicator: "listeners_reached"})
		if err != nil {
			t.Fatal(err)
		}
		want(t, "district", cmp.Area, 70) // A 50 + B 20 (version 2, not 30)
		want(t, "district prev", cmp.AreaPrev, 1100)
		a := rowOf(t, cmp, cA)
		want(t, "A share", a.Share, 100*50.0/70)
		want(t, "A prev", a.Prev, 100)
		want(t, "A change", a.ChangePrev, -50)
		want(t, "A change %", a.ChangePrevPct, -50)
		want(t, "B", rowOf(t, cmp, cB).Value, 20)
		wantNil(t, "C", rowOf(t, cmp, cC).Value)
	})

	t.Run("compare communes across the reform", func(t *testing.T) {
		cmp, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p25h2, Indicator: "listeners_reached"})
		if err != nil {
			t.Fatal(err)
		}
		if cmp.Expected != 6 {
			t.Errorf("expected %d communes, want 6", cmp.Expected)
		}
		r := rowOf(t, cmp, cB)
		want(t, "Tân Tri", r.Value, 1000)
		// Same period a year earlier: 2024-H2 of Vạn Thủy, Đồng Ý, Tân Tri (50 + 20 + nothing).
		want(t, "Tân Tri last year", r.LastYear, 70)
		if r.YearNote == nil || !slices.Equal(r.YearNote.Predecessors, []string{cA, cB, cC}) || len(r.YearNote.Partial) != 0 {
			t.Errorf("year note = %+v", r.YearNote)
		}
		want(t, "change on last year", r.ChangeYear, 930)
	})

	t.Run("a year from half-years", func(t *testing.T) {
		cmp, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p24, Indicator: "listeners_reached"})
		if err != nil {
			t.Fatal(err)
		}
		want(t, "A", rowOf(t, cmp, cA).Value, 150) // 100 + 50
		want(t, "B", rowOf(t, cmp, cB).Value, 220) // 200 + 20
		want(t, "C", rowOf(t, cmp, cC).Value, 300) // first half only
		want(t, "district", cmp.Area, 1170)        // + D 500
		if s := rowOf(t, cmp, cC).Source; s == nil || !s.Incomplete {
			t.Errorf("C's year is not marked incomplete: %+v", s)
		}
		staff, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p24, Indicator: "gender_staff_total"})
		if err != nil {
			t.Fatal(err)
		}
		// Staff is a stock: the latest half-year, 4 + 3 + 5 (C's first half).
		want(t, "A staff", rowOf(t, staff, cA).Value, 4)
		want(t, "district staff", staff.Area, 12)
		ratio, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p24, Indicator: "female_staff_ratio"})
		if err != nil {
			t.Fatal(err)
		}
		want(t, "district ratio", ratio.Area, 25) // 100 × (2 + 0 + 1) / (4 + 3 + 5)
	})

	t.Run("compare periods", func(t *testing.T) {
		pc, err := an.ComparePeriods(ctx, analytics.PeriodFilter{Indicator: "listeners_reached", Periods: []period.Period{p24h2, p24h1}})
		if err != nil {
			t.Fatal(err)
		}
		if len(pc.Rows) != 2 || pc.Rows[0].Period != p24h1 {
			t.Fatalf("rows = %+v", pc.Rows)
		}
		want(t, "2024-H1", pc.Rows[0].Value, 1100)
		want(t, "2024-H2", pc.Rows[1].Value, 70)
		want(t, "change", pc.Rows[1].ChangePrev, -1030)
		want(t, "change %", pc.Rows[1].ChangePrevPct, -1030.0/1100*100)
		one, err := an.ComparePeriods(ctx, analytics.PeriodFilter{Indicator: "listeners_reached", Commune: cA,
			Periods: []period.Period{p24h1, p24}})
		if err != nil {
			t.Fatal(err)
		}
		want(t, "A 2024", one.Rows[1].Value, 150)
		want(t, "A change %", one.Rows[1].ChangeBasePct, 50)
		if _, err := an.ComparePeriods(ctx, analytics.PeriodFilter{Indicator: "listeners_reached", Commune: "99999"}); err == nil {
			t.Error("unknown commune accepted")
		}
	})

	t.Run("trend of a new commune across the reform", func(t *testing.T) {
		tr, err := an.Trends(ctx, analytics.TrendFilter{Indicator: "listeners_reached", Communes: []string{cB},
			Periods: []period.Period{p24h1, p24h2, p24, p25h2}})
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Series) != 1 || tr.Series[0].Name != "Tân Tri" || tr.Era != period.Era2025 {
			t.Fatalf("series = %+v", tr.Series)
		}
		pts := tr.Series[0].Points
		want(t, "2024-H1", pts[0].Value, 600) // 100 + 200 + 300
		want(t, "2024-H2", pts[1].Value, 70)
		want(t, "2024", pts[2].Value, 670)
		want(t, "2025-H2", pts[3].Value, 1000)
		if pts[0].Source == nil || pts[0].Source.Reform == nil || len(pts[0].Source.Reform.Predecessors) != 3 {
			t.Errorf("2024-H1 not marked as a sum of predecessors: %+v", pts[0].Source)
		}
		if pts[3].Source != nil {
			t.Errorf("2025-H2 marked: %+v", pts[3].Source)
		}
		want(t, "district 2024-H1", tr.Area[0].Value, 1100)
		want(t, "district 2024", tr.Area[2].Value, 1170)
		want(t, "district 2025-H2", tr.Area[3].Value, 1000)
		ratio, err := an.Trends(ctx, analytics.TrendFilter{Indicator: "female_staff_ratio", Communes: []string{cB}, Era: period.Era2025,
			Periods: []period.Period{p24h1}})
		if err != nil {
			t.Fatal(err)
		}
		want(t, "Tân Tri ratio before the reform", ratio.Series[0].Points[0].Value, 50) // 100 × 5 / 10
	})

	t.Run("completeness and timeliness", func(t *testing.T) {
		c, err := an.Completeness(ctx, analytics.CompletenessFilter{Periods: []period.Period{p24h1, p24h2, p25h2}})
		if err != nil {
			t.Fatal(err)
		}
		h1, h2, n := c.Periods[0], c.Periods[1], c.Periods[2]
		if h1.Expected != 18 || h1.Reported != 4 || h1.OnTime != 3 || h1.Late != 1 || h1.Missing != 14 ||
			!slices.Equal(h1.LateCodes, []string{cB}) {
			t.Errorf("2024-H1 = %+v", h1)
		}
		if h2.Reported != 2 || h2.Late != 0 || h2.Missing != 16 || !slices.Contains(h2.MissingCodes, cC) {
			t.Errorf("2024-H2 = %+v", h2)
		}
		if n.Expected != 6 || n.Reported != 1 || n.Missing != 5 {
			t.Errorf("2025-H2 = %+v", n)
		}
		if got := an.Deadline(p24h1); !got.Equal(time.Date(2024, 7, 15, 17, 0, 0, 0, time.UTC)) {
			t.Errorf("deadline = %v", got)
		}
		var rowsFound int
		for _, r := range c.Rows {
			if r.Code == cB && r.Era == period.EraPre2025 {
				rowsFound++
				if r.Cells[0].Status != analytics.StatusLate || r.Cells[1].Status != analytics.StatusOnTime ||
					r.Cells[1].Version != 2 || r.Cells[1].Versions != 2 || r.Cells[2].Status != analytics.StatusNone {
					t.Errorf("Đồng Ý cells = %+v", r.Cells)
				}
			}
			if r.Code == cB && r.Era == period.Era2025 {
				rowsFound++
				if r.Cells[0].Status != analytics.StatusNone || r.Cells[2].Status != analytics.StatusOnTime {
					t.Errorf("Tân Tri cells = %+v", r.Cells)
				}
			}
		}
		if rowsFound != 2 || len(c.Rows) != 24 {
			t.Errorf("rows = %d (06337 rows %d), want 24 and 2", len(c.Rows), rowsFound)
		}
	})

	t.Run("commune profile and era", func(t *testing.T) {
		p, err := an.Profile(ctx, analytics.ProfileFilter{Code: cB})
		if err != nil {
			t.Fatal(err)
		}
		if p.Unit.Era != period.Era2025 || p.Unit.Name != "Tân Tri" || p.SameCode == nil || p.SameCode.Name != "Đồng Ý" {
			t.Errorf("default unit = %+v, same code %+v", p.Unit, p.SameCode)
		}
		if len(p.Predecessors) != 3 || len(p.Reports) != 1 {
			t.Errorf("predecessors %d reports %d", len(p.Predecessors), len(p.Reports))
		}
		old, err := an.Profile(ctx, analytics.ProfileFilter{Code: cB, Era: period.EraPre2025})
		if err != nil {
			t.Fatal(err)
		}
		if len(old.Successors) != 1 || old.Successors[0].NewCode != cB || len(old.Reports) != 3 {
			t.Errorf("successors %+v, reports %d", old.Successors, len(old.Reports))
		}
		for _, ind := range old.Indicators {
			if ind.Indicator.Code != "listeners_reached" {
				continue
			}
			for _, pt := range ind.Points {
				if pt.Period == p24h1 {
					want(t, "Đồng Ý 2024-H1", pt.Value, 200)
					want(t, "district 2024-H1", pt.Area, 1100)
					if pt.ReportID == "" {
						t.Error("no report link")
					}
				}
			}
		}
	})

	t.Run("data quality", func(t *testing.T) {
		q, err := an.QualityFlags(ctx, analytics.QualityFilter{Period: period.MustParse("2023-H2")})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]analytics.QualityFlag{}
		for _, f := range q.Flags {
			kinds[f.Kind+" "+f.Code+" "+f.Indicator] = f
		}
		// Peers 90 110 120 130 140 1000: median 125, MAD 15, z(1000) = 875 / (1,4826 × 15).
		f, ok := kinds["peer_outlier 06355 listeners_reached"]
		if !ok {
			t.Fatalf("no peer outlier in %+v", q.Flags)
		}
		want(t, "median", f.Reference, 125)
		want(t, "score", f.Score, 875/(1.4826*15))
		if _, ok := kinds["peer_outlier 06325 listeners_reached"]; ok {
			t.Error("90 flagged")
		}
		if _, ok := kinds["part_exceeds_whole 06328 gender_staff_female"]; !ok {
			t.Errorf("no part flag in %+v", q.Flags)
		}
		if _, ok := kinds["ratio_out_of_range 06328 female_staff_ratio"]; !ok {
			t.Errorf("no ratio flag in %+v", q.Flags)
		}
		// D's history 100 120 110 90: median 105, MAD 10; 500 is z = 395 / 14,826.
		h, err := an.QualityFlags(ctx, analytics.QualityFilter{Period: p24h1, Indicators: []string{"listeners_reached"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Flags) != 1 || h.Flags[0].Kind != analytics.FlagHistory || h.Flags[0].Code != cD {
			t.Fatalf("flags = %+v", h.Flags)
		}
		want(t, "history median", h.Flags[0].Reference, 105)
		want(t, "history score", h.Flags[0].Score, 395/(1.4826*10))
	})

	t.Run("bad filters", func(t *testing.T) {
		_, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p24h1, Indicator: "nope"})
		fe, ok := apperr.As(err)
		if !ok || fe.Field != "indicator" || fe.HTTPStatus() != 400 {
			t.Errorf("unknown indicator: %v", err)
		}
	})
}

// TestPartialSplit checks that a predecessor split between new communes is
// flagged and left out of the sum (huyện Đình Lập: new xã Kiên Mộc took all
// of xã Bắc Xa and parts of Bính Xá and old Kiên Mộc).
func TestPartialSplit(t *testing.T) {
	ctx := context.Background()
	st := chtest.New(t)
	svc := ingest.NewService(st, fixedNow, nil)
	l := func(v float64) map[string]float64 { return map[string]float64{"listeners_reached": v} }
	submitAll(t, svc, []sub{
		{"06619", p24h1, day(2024, 7, 1, 8), l(100)},
		{"06622", p24h1, day(2024, 7, 1, 8), l(200)},
		{"06625", p24h1, day(2024, 7, 1, 8), l(300)},
		{"06625", p25h2, day(2026, 1, 1, 8), l(400)},
	})
	an := analytics.New(st.Conn, st, analytics.Options{Area: analytics.Area{Level: "district", Code: "189"}, Now: fixedNow})
	tr, err := an.Trends(ctx, analytics.TrendFilter{Indicator: "listeners_reached", Communes: []string{"06625"},
		Era: period.Era2025, Periods: []period.Period{p24h1, p25h2}})
	if err != nil {
		t.Fatal(err)
	}
	pts := tr.Series[0].Points
	want(t, "Kiên Mộc 2024-H1 (whole Bắc Xa only)", pts[0].Value, 100)
	want(t, "Kiên Mộc 2025-H2", pts[1].Value, 400)
	r := pts[0].Source.Reform
	if r == nil || !slices.Equal(r.Partial, []string{"06622", "06625"}) || len(r.Predecessors) != 3 {
		t.Errorf("reform note = %+v", r)
	}
}
