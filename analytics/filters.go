package analytics

import (
	"context"
	"fmt"
	"sort"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// codesFor lists the codes a figure of ind needs: its parts, and for a ratio
// also the ratio as stated.
func codesFor(cat *catalogue.Catalogue, ind catalogue.Indicator) []string {
	codes := cat.Parts(ind)
	if ind.IsRatio() {
		codes = append(codes, ind.Code)
	}
	return codes
}

// bothEras lists the area's communes in each era.
func (s *Service) bothEras(ctx context.Context) (map[period.Era][]units.Unit, error) {
	out := map[period.Era][]units.Unit{}
	for _, era := range []period.Era{period.EraPre2025, period.Era2025} {
		list, err := s.Communes(ctx, era)
		if err != nil {
			return nil, err
		}
		out[era] = list
	}
	return out, nil
}

// defaultPeriods are what a view shows when no periods are asked for: the
// half-years with reports, else the quarters, else the months, else the
// years; the latest of them, as many as a view takes.
func defaultPeriods(all []period.Period) []period.Period {
	for _, kind := range []period.Kind{period.Half, period.Quarter, period.Month, period.Year, period.NineMonths} {
		var out []period.Period
		for _, p := range all {
			if p.Kind == kind {
				out = append(out, p)
			}
		}
		if len(out) > 0 {
			sort.Slice(out, func(i, j int) bool { return out[i].Compare(out[j]) < 0 })
			return out[max(0, len(out)-maxPeriods):]
		}
	}
	return nil
}

// areaCommune finds a commune of the area in era, or a bad filter error.
func (s *Service) areaCommune(ctx context.Context, code string, era period.Era) (units.Unit, error) {
	list, err := s.Communes(ctx, era)
	if err != nil {
		return units.Unit{}, err
	}
	for _, u := range list {
		if u.Code == code {
			return u, nil
		}
	}
	return units.Unit{}, filterError("commune", "Không có xã/phường mã này trong địa bàn ("+era.Label("vi")+")",
		"No commune with this code in the area ("+era.Label("en")+")")
}

// eraOr is e, or the era of the last period when e is empty.
func eraOr(e period.Era, periods []period.Period) period.Era {
	if e == period.EraPre2025 || e == period.Era2025 {
		return e
	}
	if len(periods) == 0 {
		return period.Era2025
	}
	return periods[len(periods)-1].Era()
}

// ParseEra reads an era parameter ("pre2025" or "2025"; empty is allowed).
func ParseEra(s string) (period.Era, error) {
	switch s {
	case "", string(period.EraPre2025), string(period.Era2025):
		return period.Era(s), nil
	}
	return "", filterError("era", "Thời kỳ phải là pre2025 hoặc 2025", "Era must be pre2025 or 2025")
}

// maxPeriods bounds a query's periods, so a URL cannot ask for a century.
const maxPeriods = 40

// distinct keeps each value of list once, in the order first given: a
// filter naming a commune a thousand times draws it once.
func distinct(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := list[:0:0]
	for _, v := range list {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// tooMany is the answer to a list longer than what it can name: field, and
// the most it may hold (the area's communes, the catalogue's indicators).
func tooMany(field string, most int, whatVI, whatEN string) error {
	return filterError(field, fmt.Sprintf("Chọn tối đa %d %s", most, whatVI), fmt.Sprintf("Choose at most %d %s", most, whatEN))
}

// periodsOrDefault sorts and deduplicates the chosen periods, or gives every
// half-year with a published report.
func (s *Service) periodsOrDefault(ctx context.Context, ps []period.Period) ([]period.Period, error) {
	if len(ps) == 0 {
		all, err := s.Periods(ctx)
		if err != nil {
			return nil, err
		}
		ps = defaultPeriods(all)
	}
	seen := map[string]bool{}
	var out []period.Period
	for _, p := range ps {
		if !p.IsZero() && !seen[p.String()] {
			seen[p.String()] = true
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Compare(out[j]) < 0 })
	if len(out) > maxPeriods {
		return nil, filterError("periods", "Chọn tối đa 40 kỳ", "Choose at most 40 periods")
	}
	return out, nil
}

// PeriodChoices lists the periods a user can pick: every period with a
// published report, plus the years whose half-years were reported.
func (s *Service) PeriodChoices(ctx context.Context) ([]period.Period, error) {
	all, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []period.Period
	for _, p := range all {
		for _, q := range []period.Period{p, {Year: p.Year, Kind: period.Year}} {
			if !seen[q.String()] {
				seen[q.String()] = true
				out = append(out, q)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Compare(out[j]) < 0 })
	return out, nil
}
