package dashboards

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/period"
)

// TestCompletenessJSONIsEncodingJSON: the hand-written completeness JSON is
// byte for byte what encoding/json makes of the same value, escapes, time
// zones, empty and nil lists and omitted fields included.
func TestCompletenessJSONIsEncodingJSON(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	at := time.Date(2024, 7, 16, 9, 30, 0, 123000, time.UTC)
	cases := []*analytics.Completeness{
		{},
		{Periods: []analytics.PeriodStatus{}, Rows: []analytics.CompletenessRow{}},
		{
			Periods: []analytics.PeriodStatus{
				{Period: period.MustParse("2024-H1"), Deadline: time.Date(2024, 7, 15, 23, 59, 59, 0, vn), Expected: 3, Reported: 2,
					OnTime: 1, Late: 1, Pending: 0, Missing: 1, MissingCodes: []string{"06340"}, LateCodes: []string{"06331"}},
				{Period: period.MustParse("2025"), Deadline: time.Date(2026, 1, 30, 23, 59, 59, 0, vn), NotDue: 3,
					MissingCodes: []string{}, LateCodes: nil},
			},
			Rows: []analytics.CompletenessRow{
				{Code: "06331", Name: "Vạn Thủy", Type: "xã", Era: period.EraPre2025, Cells: []analytics.Cell{
					{Period: period.MustParse("2024-H1"), Status: analytics.StatusLate, FirstSentAt: &at, Version: 2, Versions: 3, DaysLate: 1},
					{Period: period.MustParse("2025"), Status: analytics.StatusNone},
				}},
				{Code: `<img src=x onerror="alert(1)">`, Name: "a\\b\"c\n\u2028&é\x01\xff", Type: "=HYPERLINK(\"x\")", Era: period.Era2025,
					Cells: []analytics.Cell{}},
				{Code: "x", Cells: nil},
			},
		},
	}
	for i, c := range cases {
		want, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendCompleteness(nil, c); string(got) != string(want) {
			t.Errorf("case %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

func BenchmarkCompletenessJSON(b *testing.B) {
	c := &analytics.Completeness{}
	at := time.Date(2024, 7, 16, 9, 30, 0, 0, time.UTC)
	var ps []period.Period
	for p := period.MustParse("2016-H1"); len(ps) < 20; p = p.Next() {
		ps = append(ps, p)
		c.Periods = append(c.Periods, analytics.PeriodStatus{Period: p, Deadline: at, MissingCodes: []string{"00001"}, LateCodes: []string{}})
	}
	for i := 0; i < 830; i++ {
		r := analytics.CompletenessRow{Code: "00001", Name: "Phường Phúc Xá", Type: "phường", Era: period.EraPre2025}
		for _, p := range ps {
			r.Cells = append(r.Cells, analytics.Cell{Period: p, Status: analytics.StatusOnTime, FirstSentAt: &at, Version: 1, Versions: 1})
		}
		c.Rows = append(c.Rows, r)
	}
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			_, _ = json.Marshal(c)
		}
	})
	b.Run("by hand", func(b *testing.B) {
		for b.Loop() {
			_ = appendCompleteness(nil, c)
		}
	})
}
