package analytics

import (
	"context"
	"sort"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
)

// CommuneFilter selects a commune comparison.
type CommuneFilter struct {
	Period    period.Period
	Indicator string
	// Base, when set, replaces the previous period as the period compared
	// with (any period: two chosen periods side by side).
	Base period.Period
}

// ReformNote marks a figure of a 2025 commune for a period before 1 July
// 2025, made from its predecessors.
type ReformNote struct {
	// Predecessors are the old commune codes whose figures were combined.
	Predecessors []string `json:"predecessors"`
	// Partial lists predecessors that were split and only partly went into
	// this commune; their figures are left out, so the sum is incomplete.
	Partial []string `json:"partial,omitempty"`
}

// CommuneValue is one commune's row in a comparison.
type CommuneValue struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Reported bool     `json:"reported"`
	Value    *float64 `json:"value"`
	Rank     int      `json:"rank,omitempty"`
	// Share is the commune's % of the district total (count indicators only).
	Share         *float64    `json:"share"`
	Prev          *float64    `json:"prev"`
	ChangePrev    *float64    `json:"change_prev"`
	ChangePrevPct *float64    `json:"change_prev_pct"`
	PrevNote      *ReformNote `json:"prev_note,omitempty"`
	LastYear      *float64    `json:"last_year"`
	ChangeYear    *float64    `json:"change_year"`
	ChangeYearPct *float64    `json:"change_year_pct"`
	YearNote      *ReformNote `json:"last_year_note,omitempty"`
	// Source is set when the value is a year built from half-years.
	Source *Source `json:"source,omitempty"`
}

// CommuneComparison compares every commune of the area on one indicator in one period.
type CommuneComparison struct {
	Indicator catalogue.Indicator `json:"indicator"`
	Period    period.Period       `json:"period"`
	Prev      period.Period       `json:"prev_period"`
	LastYear  period.Period       `json:"last_year_period"`
	Rows      []CommuneValue      `json:"communes"`
	// Area is the area figure by the indicator's rule; Average is the
	// per-commune average used as the chart's reference line (for a ratio,
	// the area's ratio itself).
	Area         *float64 `json:"area"`
	Average      *float64 `json:"average"`
	AreaPrev     *float64 `json:"area_prev"`
	AreaLastYear *float64 `json:"area_last_year"`
	Reported     int      `json:"reported"`
	Expected     int      `json:"expected"`
	// PartYear is set when Period is a year the area has only part of
	// (chưa đủ kỳ): Prev and LastYear are then the same months a year
	// earlier, never the full year.
	PartYear *PartYear `json:"part_year,omitempty"`
}

// CompareCommunes ranks the area's communes on one indicator for one period,
// with the district figure and the change against the previous period and
// the same period a year earlier (across the 2025 reform when needed).
func (s *Service) CompareCommunes(ctx context.Context, f CommuneFilter) (*CommuneComparison, error) {
	return cached(ctx, s, cacheKey("compare_communes", f), func(ctx context.Context) (*CommuneComparison, error) { return s.compareCommunes(ctx, f) })
}

func (s *Service) compareCommunes(ctx context.Context, f CommuneFilter) (*CommuneComparison, error) {
	cat, ind, err := s.indicator(ctx, f.Indicator)
	if err != nil {
		return nil, err
	}
	if f.Period.IsZero() {
		return nil, filterError("period", "Thiếu kỳ báo cáo", "Missing period")
	}
	p := f.Period
	prev, year := p.Prev(), p.SameLastYear()
	py, err := s.partYear(ctx, p)
	if err != nil {
		return nil, err
	}
	if py != nil {
		prev, year = py.SameMonthsLastYear(), py.SameMonthsLastYear()
	}
	if !f.Base.IsZero() {
		prev = f.Base
	}
	era := p.Era()
	communes, err := s.Communes(ctx, era)
	if err != nil {
		return nil, err
	}
	lookup, err := s.newLookup(ctx, cat, ind, communes, era, []period.Period{p, prev, year})
	if err != nil {
		return nil, err
	}
	out := &CommuneComparison{Indicator: ind, Period: p, Prev: prev, LastYear: year, Expected: len(communes), PartYear: py}
	var now, before, lastYear []catalogue.Figures
	for _, u := range communes {
		row := CommuneValue{Code: u.Code, Name: u.Name, Type: u.Type}
		row.Reported = lookup.reported(era, u.Code, p)
		fig, src := lookup.resolve(u.Code, era, p)
		if v, ok := cat.Value(ind, fig); ok {
			row.Value = ptr(v)
		}
		row.Source = src
		if !row.Reported && len(fig) > 0 {
			row.Reported = true // a year built from its half-years
		}
		now = append(now, fig)
		pf, pn := lookup.resolve(u.Code, era, prev)
		if v, ok := cat.Value(ind, pf); ok {
			row.Prev = ptr(v)
		}
		row.PrevNote = reformOf(pn)
		before = append(before, pf)
		yf, yn := lookup.resolve(u.Code, era, year)
		if v, ok := cat.Value(ind, yf); ok {
			row.LastYear = ptr(v)
		}
		row.YearNote = reformOf(yn)
		lastYear = append(lastYear, yf)
		row.ChangePrev, row.ChangePrevPct = change(ind, row.Value, row.Prev)
		row.ChangeYear, row.ChangeYearPct = change(ind, row.Value, row.LastYear)
		if row.Reported {
			out.Reported++
		}
		out.Rows = append(out.Rows, row)
	}
	if v, ok := cat.OverCommunes(ind, now); ok {
		out.Area = ptr(v)
	}
	if v, ok := cat.OverCommunes(ind, before); ok {
		out.AreaPrev = ptr(v)
	}
	if v, ok := cat.OverCommunes(ind, lastYear); ok {
		out.AreaLastYear = ptr(v)
	}
	withValue := 0
	for _, r := range out.Rows {
		if r.Value != nil {
			withValue++
		}
	}
	if out.Area != nil {
		if ind.IsRatio() {
			out.Average = ptr(*out.Area)
		} else if withValue > 0 {
			out.Average = ptr(*out.Area / float64(withValue))
		}
	}
	rankRows(out.Rows)
	if !ind.IsRatio() && out.Area != nil && *out.Area != 0 {
		for i := range out.Rows {
			if v := out.Rows[i].Value; v != nil {
				out.Rows[i].Share = ptr(100 * *v / *out.Area)
			}
		}
	}
	return out, nil
}

// rankRows sorts by value, highest first (communes without a value last, by
// code), and gives equal values the same rank.
func rankRows(rows []CommuneValue) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Value, rows[j].Value
		switch {
		case a == nil && b == nil:
			return rows[i].Code < rows[j].Code
		case a == nil:
			return false
		case b == nil:
			return true
		case *a != *b:
			return *a > *b
		}
		return rows[i].Code < rows[j].Code
	})
	for i := range rows {
		if rows[i].Value == nil {
			continue
		}
		rows[i].Rank = i + 1
		if i > 0 && rows[i-1].Value != nil && *rows[i-1].Value == *rows[i].Value {
			rows[i].Rank = rows[i-1].Rank
		}
	}
}

func reformOf(s *Source) *ReformNote {
	if s == nil {
		return nil
	}
	return s.Reform
}

func ptr(v float64) *float64 { return &v }

// change is the absolute and relative change from before to now.
func change(ind catalogue.Indicator, now, before *float64) (abs, pct *float64) {
	if now == nil || before == nil {
		return nil, nil
	}
	abs = ptr(*now - *before)
	// A ratio moves in percentage points (abs); a percent of a percent
	// misleads, so there is none.
	if *before != 0 && !ind.IsRatio() {
		pct = ptr(100 * (*now - *before) / *before)
	}
	return abs, pct
}

// AreaValue is the area figure of one indicator in p, as the commune
// comparison gives it (nil when no commune states it).
func (s *Service) AreaValue(ctx context.Context, p period.Period, code string) (*float64, error) {
	cmp, err := s.CompareCommunes(ctx, CommuneFilter{Period: p, Indicator: code})
	if err != nil {
		return nil, err
	}
	return cmp.Area, nil
}
