package period

import (
	"sort"
	"testing"
	"time"
)

func TestParseAndLabels(t *testing.T) {
	tests := []struct {
		in, code, vi, en, start, end, prev, lastYear string
	}{
		{"2024", "2024", "Năm 2024", "Year 2024", "2024-01-01", "2024-12-31", "2023", "2023"},
		{"2024-H1", "2024-H1", "6 tháng đầu năm 2024", "First half of 2024", "2024-01-01", "2024-06-30", "2023-H2", "2023-H1"},
		{"2024-h2", "2024-H2", "6 tháng cuối năm 2024", "Second half of 2024", "2024-07-01", "2024-12-31", "2024-H1", "2023-H2"},
		{"2024-Q1", "2024-Q1", "Quý I năm 2024", "Q1 2024", "2024-01-01", "2024-03-31", "2023-Q4", "2023-Q1"},
		{"2024-Q3", "2024-Q3", "Quý III năm 2024", "Q3 2024", "2024-07-01", "2024-09-30", "2024-Q2", "2023-Q3"},
		{"2024-M02", "2024-M02", "Tháng 2/2024", "February 2024", "2024-02-01", "2024-02-29", "2024-M01", "2023-M02"},
		{"2024-M01", "2024-M01", "Tháng 1/2024", "January 2024", "2024-01-01", "2024-01-31", "2023-M12", "2023-M01"},
		{" 2025-9m ", "2025-9M", "9 tháng đầu năm 2025", "First nine months of 2025", "2025-01-01", "2025-09-30", "2024-9M", "2024-9M"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			p, err := Parse(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			check := func(what, got, want string) {
				if got != want {
					t.Errorf("%s = %q, want %q", what, got, want)
				}
			}
			check("code", p.String(), tc.code)
			check("vi", p.LabelVI(), tc.vi)
			check("en", p.LabelEN(), tc.en)
			check("start", p.Start().Format(time.DateOnly), tc.start)
			check("end", p.End().Format(time.DateOnly), tc.end)
			check("prev", p.Prev().String(), tc.prev)
			check("same last year", p.SameLastYear().String(), tc.lastYear)
			if q := MustParse(p.String()); q != p {
				t.Errorf("round trip %v != %v", q, p)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "24", "2024-", "2024-H3", "2024-H0", "2024-Q5", "2024-M13", "2024-M1", "2024-X1", "abcd", "2024H1", "1800", "2024-9N", "2024-H1x"} {
		if p, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %v, want error", in, p)
		}
	}
}

func TestOrderingAndRange(t *testing.T) {
	codes := []string{"2024", "2024-H2", "2023-H2", "2024-M07", "2024-H1", "2024-Q3", "2024-9M", "2024-Q1"}
	ps := make([]Period, len(codes))
	for i, c := range codes {
		ps[i] = MustParse(c)
	}
	sort.Slice(ps, func(a, b int) bool { return ps[a].Compare(ps[b]) < 0 })
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	want := []string{"2023-H2", "2024-Q1", "2024-H1", "2024-M07", "2024-Q3", "2024-9M", "2024-H2", "2024"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
	r := Range(MustParse("2022-H1"), MustParse("2025-H1"))
	if len(r) != 7 || r[0].String() != "2022-H1" || r[6].String() != "2025-H1" {
		t.Errorf("range = %v", r)
	}
}

func TestEra(t *testing.T) {
	for code, want := range map[string]Era{"2025-H1": EraPre2025, "2025-H2": Era2025, "2025-Q2": EraPre2025, "2025": Era2025, "2024": EraPre2025, "2025-9M": Era2025} {
		if got := MustParse(code).Era(); got != want {
			t.Errorf("%s era = %s, want %s", code, got, want)
		}
	}
}

// Era by months must agree with the definition: a period that ends before
// the reform date is pre-2025.
func TestEraAgreesWithEnd(t *testing.T) {
	for y := 2015; y <= 2030; y++ {
		for _, p := range []Period{{Year: y, Kind: Year}, {Year: y, Kind: NineMonths}} {
			checkEra(t, p)
		}
		for n := 1; n <= 12; n++ {
			checkEra(t, Period{Year: y, Kind: Month, N: n})
			if n <= 4 {
				checkEra(t, Period{Year: y, Kind: Quarter, N: n})
			}
			if n <= 2 {
				checkEra(t, Period{Year: y, Kind: Half, N: n})
			}
		}
	}
}

func checkEra(t *testing.T, p Period) {
	t.Helper()
	want := Era2025
	if p.End().Before(ReformDate) {
		want = EraPre2025
	}
	if got := p.Era(); got != want {
		t.Errorf("%s: era %s, want %s", p, got, want)
	}
}

func TestEraLabel(t *testing.T) {
	for _, c := range []struct {
		e          Era
		lang, want string
	}{{EraPre2025, "vi", "trước 01/7/2025"}, {EraPre2025, "en", "before 1 July 2025"}, {Era2025, "vi", "từ 01/7/2025"}, {Era2025, "en", "from 1 July 2025"}} {
		if got := c.e.Label(c.lang); got != c.want {
			t.Errorf("%s.Label(%s) = %q, want %q", c.e, c.lang, got, c.want)
		}
	}
}
