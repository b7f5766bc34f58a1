package extract

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/bdg-district/bdg/period"
)

// monthSpan is the months a column header speaks of: first..last of year
// (last may run into a later year for multi-year spans).
type monthSpan struct {
	year, first, last int // months counted from January of year
}

var (
	spanRange   = regexp.MustCompile(`(?:từ\s+)?(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?\s*(?:đến|[-–—])\s*(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?`)
	spanYears   = regexp.MustCompile(`((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})`)
	spanNMonths = regexp.MustCompile(`(\d{1,2}|sáu|chín)\s+tháng(?:\s+(đầu|cuối))?(?:\s+năm)?`)
	spanMonths  = regexp.MustCompile(`tháng\s+(\d{1,2})\s*(?:[-–]|đến)\s*(?:tháng\s+)?(\d{1,2})`)
	spanMonth   = regexp.MustCompile(`(?:^|[^\p{L}])tháng\s+(\d{1,2})(?:[^\d]|$)`)
	spanQuarter = regexp.MustCompile(`quý\s+(iv|i{1,3}|[1-4])(?:[^\p{L}\d]|$)`)
	spanYear    = regexp.MustCompile(`(?:^|[^\d])((?:19|20)\d{2})(?:[^\d]|$)`)
)

// columnSpan reads the period a column header names, in the report's year
// unless it says another: "6 tháng đầu năm 2024", "Quý I/2025", "Tháng 7",
// "Cả năm", "Từ 01/7 đến 30/11/2025", "Năm 2023", "Cộng dồn 2022–2024".
func columnSpan(h string, reportYear int) (monthSpan, bool) {
	year := reportYear
	if m := spanYear.FindStringSubmatch(h); m != nil {
		year, _ = strconv.Atoi(m[1])
	}
	if m := spanYears.FindStringSubmatch(h); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if b > a {
			return monthSpan{a, 1, 12 * (b - a + 1)}, true
		}
	}
	if m := spanRange.FindStringSubmatch(h); m != nil {
		m1, _ := strconv.Atoi(m[2])
		m2, _ := strconv.Atoi(m[5])
		if m[6] != "" {
			year, _ = strconv.Atoi(m[6])
		}
		if m1 >= 1 && m2 >= m1 && m2 <= 12 {
			return monthSpan{year, m1, m2}, true
		}
	}
	if strings.Contains(h, "cả năm") {
		return monthSpan{year, 1, 12}, year > 0
	}
	if m := spanNMonths.FindStringSubmatch(h); m != nil {
		n := map[string]int{"sáu": 6, "chín": 9}[m[1]]
		if n == 0 {
			n, _ = strconv.Atoi(m[1])
		}
		if n >= 1 && n <= 12 {
			if m[2] == "cuối" {
				return monthSpan{year, 13 - n, 12}, true
			}
			return monthSpan{year, 1, n}, true
		}
	}
	if m := spanMonths.FindStringSubmatch(h); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if a >= 1 && b >= a && b <= 12 {
			return monthSpan{year, a, b}, true
		}
	}
	if m := spanQuarter.FindStringSubmatch(h); m != nil {
		q := quarterN[m[1]]
		return monthSpan{year, 3*q - 2, 3 * q}, true
	}
	if m := spanMonth.FindStringSubmatch(h); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n >= 1 && n <= 12 {
			return monthSpan{year, n, n}, true
		}
	}
	if m := spanYear.FindStringSubmatch(h); m != nil && year > 0 {
		return monthSpan{year, 1, 12}, true
	}
	return monthSpan{}, false
}

// spanOfPeriod is the months of a report period.
func spanOfPeriod(p period.Period) monthSpan {
	s, e := p.Start(), p.End()
	return monthSpan{p.Year, int(s.Month()), int(e.Month())}
}

// spanRelation is how a column's months stand to the report's.
type spanRelation int

const (
	spanUnknown spanRelation = iota
	spanSame                 // the report's own period
	spanInside               // a part of it: a month, the old communes' half-year
	spanOther                // another period, or one that runs beyond it
)

func relate(col, rep monthSpan) spanRelation {
	if rep.year == 0 {
		return spanUnknown
	}
	if col.year != rep.year {
		return spanOther
	}
	switch {
	case col.first == rep.first && col.last == rep.last:
		return spanSame
	case col.first >= rep.first && col.last <= rep.last:
		return spanInside
	}
	return spanOther
}
