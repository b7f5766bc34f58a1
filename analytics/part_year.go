package analytics

import (
	"context"
	"slices"

	"github.com/bdg-district/bdg/period"
)

// PartYear marks a year whose figures cover only some of its months for
// the area (chưa đủ kỳ): "2026" while only 2026-H1 is published. Such a
// year is compared only with the same months of the earlier year.
type PartYear struct {
	// Covered lists the half-years the year's figures are made of.
	Covered []period.Period `json:"covered"`
	// Months is how many of the year's twelve months they cover.
	Months int `json:"months"`
}

// PartYearOf says whether year p is incomplete for the area, given the
// periods with a published report: nil when p is not a year, was reported
// as a year, or has both halves (or neither). One rule for the pages, the
// exports and the API.
func PartYearOf(published []period.Period, p period.Period) *PartYear {
	if p.Kind != period.Year || slices.Contains(published, p) {
		return nil
	}
	var covered []period.Period
	for n := 1; n <= 2; n++ {
		h := period.Period{Year: p.Year, Kind: period.Half, N: n}
		if slices.Contains(published, h) {
			covered = append(covered, h)
		}
	}
	if len(covered) != 1 {
		return nil
	}
	return &PartYear{Covered: covered, Months: 6}
}

// SameMonthsLastYear is what a part year is compared with: the same
// half-year one year earlier.
func (py *PartYear) SameMonthsLastYear() period.Period { return py.Covered[0].SameLastYear() }

// partYear applies PartYearOf to the area's published periods.
func (s *Service) partYear(ctx context.Context, p period.Period) (*PartYear, error) {
	if p.Kind != period.Year {
		return nil, nil
	}
	ps, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	return PartYearOf(ps, p), nil
}

// Note says what a part year holds and what it is compared with, in lang
// ("vi" or "en"): the one sentence the pages, the exports and the office's
// report print under a part year.
func (py *PartYear) Note(lang string) string {
	if lang == "en" {
		return "Part year: the year's figures so far hold only " + py.Covered[0].Label(lang) +
			", so they are compared only with the same months, " + py.SameMonthsLastYear().Label(lang) + "."
	}
	return "Chưa đủ kỳ: số liệu cả năm mới gồm " + py.Covered[0].Label(lang) +
		", nên chỉ so sánh với cùng kỳ " + py.SameMonthsLastYear().Label(lang) + "."
}

// PartYears marks which of ps are part years for the area, by period code:
// what a list of period choices labels "chưa đủ kỳ".
func (s *Service) PartYears(ctx context.Context, ps []period.Period) (map[string]bool, error) {
	published, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, p := range ps {
		if PartYearOf(published, p) != nil {
			out[p.String()] = true
		}
	}
	return out, nil
}
