package analytics

import (
	"context"

	"github.com/bdg-district/bdg/catalogue"

	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// PeriodFilter selects a period comparison: one indicator across chosen
// periods, for the whole area or one commune.
type PeriodFilter struct {
	Indicator string
	Periods   []period.Period
	// Commune is a commune code; empty means the whole area.
	Commune string
	// Era says which unit Commune names (codes were reused in 2025); empty
	// means the era of the last chosen period.
	Era period.Era
}

// PeriodValue is one period's figure in a period comparison.
type PeriodValue struct {
	Period period.Period `json:"period"`
	Value  *float64      `json:"value"`
	// ChangePrev is against the row before; ChangeBase against the first row.
	ChangePrev    *float64 `json:"change_prev"`
	ChangePrevPct *float64 `json:"change_prev_pct"`
	ChangeBase    *float64 `json:"change_base"`
	ChangeBasePct *float64 `json:"change_base_pct"`
	Source        *Source  `json:"source,omitempty"`
	// Reported counts the communes with a figure (area rows only).
	Reported int `json:"reported,omitempty"`
	// PartYear is set when the period is a year the area has only part
	// of (chưa đủ kỳ): its changes compare part of a year with the rows
	// beside it, so it is always shown with its label.
	PartYear *PartYear `json:"part_year,omitempty"`
}

// PeriodComparison is one indicator across periods for the area or a commune.
type PeriodComparison struct {
	Indicator catalogue.Indicator `json:"indicator"`
	Commune   *units.Unit         `json:"commune"`
	Rows      []PeriodValue       `json:"periods"`
}

// ComparePeriods compares an indicator across the chosen periods (oldest
// first), with absolute and relative changes. A year is built from its
// half-years when it was not reported as such; a 2025 commune's figures
// before the reform are its predecessors' sums, marked.
func (s *Service) ComparePeriods(ctx context.Context, f PeriodFilter) (*PeriodComparison, error) {
	cat, ind, err := s.indicator(ctx, f.Indicator)
	if err != nil {
		return nil, err
	}
	periods, err := s.periodsOrDefault(ctx, f.Periods)
	if err != nil {
		return nil, err
	}
	out := &PeriodComparison{Indicator: ind}
	communes, err := s.bothEras(ctx)
	if err != nil {
		return nil, err
	}
	var unit *units.Unit
	if f.Commune != "" {
		u, err := s.areaCommune(ctx, f.Commune, eraOr(f.Era, periods))
		if err != nil {
			return nil, err
		}
		unit = &u
		out.Commune = unit
	}
	l, err := s.newLookupCodes(ctx, cat, codesFor(cat, ind), communes, periods)
	if err != nil {
		return nil, err
	}
	published, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	for i, p := range periods {
		row := PeriodValue{Period: p, PartYear: PartYearOf(published, p)}
		if unit != nil {
			row.Value, row.Source = l.value(ind, unit.Code, unit.Era, p)
		} else {
			var figs = []float64{}
			row.Value, _ = l.area(ind, communes[p.Era()], p)
			for _, u := range communes[p.Era()] {
				if v, _ := l.value(ind, u.Code, p.Era(), p); v != nil {
					figs = append(figs, *v)
				}
			}
			row.Reported = len(figs)
		}
		if i > 0 {
			row.ChangePrev, row.ChangePrevPct = change(ind, row.Value, out.Rows[i-1].Value)
			row.ChangeBase, row.ChangeBasePct = change(ind, row.Value, out.Rows[0].Value)
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}
