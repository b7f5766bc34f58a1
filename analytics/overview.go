package analytics

import (
	"context"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
)

// HeadlineCodes lists the indicators of the overview's headline figures.
func HeadlineCodes() []string {
	return []string{"comm_sessions", "listeners_reached", "gbv_incidents", "training_attendance",
		"female_staff_ratio", "female_cadre_ratio"}
}

// Headline is one area figure with its changes.
type Headline struct {
	Indicator     catalogue.Indicator `json:"indicator"`
	Value         *float64            `json:"value"`
	Prev          *float64            `json:"prev"`
	LastYear      *float64            `json:"last_year"`
	ChangePrev    *float64            `json:"change_prev"`
	ChangePrevPct *float64            `json:"change_prev_pct"`
	ChangeYear    *float64            `json:"change_year"`
	ChangeYearPct *float64            `json:"change_year_pct"`
}

// Overview is the area's headline figures for a period, with completeness.
type Overview struct {
	Period    period.Period `json:"period"`
	Prev      period.Period `json:"prev_period"`
	LastYear  period.Period `json:"last_year_period"`
	Headlines []Headline    `json:"headlines"`
	Status    PeriodStatus  `json:"completeness"`
	// PartYear is set when Period is a year the area has only part of:
	// Prev and LastYear are then the same months a year earlier.
	PartYear *PartYear `json:"part_year,omitempty"`
}

// Overview computes the headline figures of period p against the previous
// period and the same period a year earlier: the figures and the
// completeness of p are read at the same time.
func (s *Service) Overview(ctx context.Context, p period.Period) (*Overview, error) {
	if p.IsZero() {
		return nil, filterError("period", "Thiếu kỳ báo cáo", "Missing period")
	}
	cat, err := s.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	out := &Overview{Period: p, Prev: p.Prev(), LastYear: p.SameLastYear()}
	if out.PartYear, err = s.partYear(ctx, p); err != nil {
		return nil, err
	}
	if out.PartYear != nil {
		out.Prev, out.LastYear = out.PartYear.SameMonthsLastYear(), out.PartYear.SameMonthsLastYear()
	}
	var inds []catalogue.Indicator
	var codes []string
	for _, code := range HeadlineCodes() {
		if ind, ok := cat.Get(code); ok {
			inds = append(inds, ind)
			codes = append(codes, codesFor(cat, ind)...)
		}
	}
	communes, err := s.bothEras(ctx)
	if err != nil {
		return nil, err
	}
	// The completeness of p does not depend on the figures: ask for both at once.
	type status struct {
		c   *Completeness
		err error
	}
	done := make(chan status, 1)
	go func() {
		c, err := s.Completeness(ctx, CompletenessFilter{Periods: []period.Period{p}})
		done <- status{c, err}
	}()
	periods := []period.Period{p, out.Prev, out.LastYear}
	l, err := s.newLookupCodes(ctx, cat, codes, communes, periods)
	st := <-done
	if err != nil {
		return nil, err
	}
	for _, ind := range inds {
		h := Headline{Indicator: ind}
		h.Value, _ = l.area(ind, communes[p.Era()], p)
		h.Prev, _ = l.area(ind, communes[out.Prev.Era()], out.Prev)
		h.LastYear, _ = l.area(ind, communes[out.LastYear.Era()], out.LastYear)
		h.ChangePrev, h.ChangePrevPct = change(ind, h.Value, h.Prev)
		h.ChangeYear, h.ChangeYearPct = change(ind, h.Value, h.LastYear)
		out.Headlines = append(out.Headlines, h)
	}
	if st.err != nil {
		return nil, st.err
	}
	out.Status = st.c.Periods[0]
	return out, nil
}
