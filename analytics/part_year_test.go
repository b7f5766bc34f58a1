package analytics

import (
	"testing"

	"github.com/bdg-district/bdg/period"
)

// TestPartYearOf is the like-with-like rule: a year is a part year only
// when one of its halves is all the area has.
func TestPartYearOf(t *testing.T) {
	ps := func(codes ...string) []period.Period {
		var out []period.Period
		for _, c := range codes {
			out = append(out, period.MustParse(c))
		}
		return out
	}
	for _, c := range []struct {
		published []period.Period
		year      string
		part      bool
		same      string
	}{
		{ps("2025-H1", "2025-H2", "2026-H1"), "2026", true, "2025-H1"},
		{ps("2025-H1", "2025-H2", "2026-H1"), "2025", false, ""},
		{ps("2025-H1", "2026"), "2026", false, ""},                  // reported as a year
		{ps("2026-H2"), "2026", true, "2025-H2"},                    // only the second half
		{ps("2025-H1"), "2026", false, ""},                          // nothing of 2026: empty, not partial
		{ps("2025-H1", "2025-H2", "2026-H1"), "2026-H1", false, ""}, // not a year
	} {
		py := PartYearOf(c.published, period.MustParse(c.year))
		if (py != nil) != c.part {
			t.Errorf("%s of %v: part year %+v, want %v", c.year, c.published, py, c.part)
			continue
		}
		if py != nil && (py.SameMonthsLastYear().String() != c.same || py.Months != 6) {
			t.Errorf("%s: compared with %s (%d months), want %s", c.year, py.SameMonthsLastYear(), py.Months, c.same)
		}
	}
}
