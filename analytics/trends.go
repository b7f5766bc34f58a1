package analytics

import (
	"context"

	"github.com/bdg-district/bdg/catalogue"

	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// TrendFilter selects a trend: one indicator over periods for chosen communes.
type TrendFilter struct {
	Indicator string
	Periods   []period.Period
	// Communes are commune codes of Era; empty means every commune of the area.
	Communes []string
	// Era says which units the codes name; empty means the era of the last period.
	Era period.Era
}

// Point is one period's value in a series.
type Point struct {
	Period period.Period `json:"period"`
	Value  *float64      `json:"value"`
	Source *Source       `json:"source,omitempty"`
}

// Series is one commune's line in a trend.
type Series struct {
	Code   string     `json:"code"`
	Name   string     `json:"name"`
	Type   string     `json:"type"`
	Era    period.Era `json:"era"`
	Points []Point    `json:"points"`
}

// Trend is an indicator over periods for chosen communes plus the area line.
type Trend struct {
	Indicator catalogue.Indicator `json:"indicator"`
	Era       period.Era          `json:"era"`
	Periods   []period.Period     `json:"periods"`
	Area      []Point             `json:"area"`
	// AreaAverage is the area figure per commune with a value (for a ratio,
	// the area ratio itself): a line on the communes' own scale.
	AreaAverage []Point  `json:"area_average"`
	Series      []Series `json:"communes"`
}

// Trends follows an indicator over periods for the chosen communes and the
// whole area, reaching across the 2025 reform and building years from halves.
func (s *Service) Trends(ctx context.Context, f TrendFilter) (*Trend, error) {
	cat, ind, err := s.indicator(ctx, f.Indicator)
	if err != nil {
		return nil, err
	}
	periods, err := s.periodsOrDefault(ctx, f.Periods)
	if err != nil {
		return nil, err
	}
	era := eraOr(f.Era, periods)
	communes, err := s.bothEras(ctx)
	if err != nil {
		return nil, err
	}
	var chosen []units.Unit
	if len(f.Communes) == 0 {
		chosen = communes[era]
	}
	f.Communes = distinct(f.Communes)
	if len(f.Communes) > len(communes[era]) {
		return nil, tooMany("communes", len(communes[era]), "xã (số xã của địa bàn)", "communes (the area's communes)")
	}
	for _, code := range f.Communes {
		u, err := s.areaCommune(ctx, code, era)
		if err != nil {
			return nil, err
		}
		chosen = append(chosen, u)
	}
	l, err := s.newLookupCodes(ctx, cat, codesFor(cat, ind), communes, periods)
	if err != nil {
		return nil, err
	}
	out := &Trend{Indicator: ind, Era: era, Periods: periods}
	// Every commune of a period's era is resolved once, for the area line
	// and for its own series (by default the series are the whole area: a
	// 40-month trend of Hà Nội is 21,000 figures, not twice that).
	figs := make([][]catalogue.Figures, len(periods))
	srcs := make([][]*Source, len(periods))
	for i, p := range periods {
		figs[i], srcs[i] = l.resolveAll(communes[p.Era()], p)
		var v *float64
		if x, ok := cat.OverCommunes(ind, figs[i]); ok {
			v = ptr(x)
		}
		out.Area = append(out.Area, Point{Period: p, Value: v})
		// Per commune of the era shown: before the reform a 2025 commune's
		// figure is its predecessors' sum, so the average is too.
		var avg *float64
		if p.Era() == era { // the communes just resolved: count their values
			avg = averageOver(cat, ind, figs[i], v)
		} else {
			avg = l.areaAverage(ind, communes[era], era, p, v)
		}
		out.AreaAverage = append(out.AreaAverage, Point{Period: p, Value: avg})
	}
	pos := map[period.Era]map[string]int{}
	for e, list := range communes {
		pos[e] = make(map[string]int, len(list))
		for j, u := range list {
			pos[e][u.Code] = j
		}
	}
	for _, u := range chosen {
		sr := Series{Code: u.Code, Name: u.Name, Type: u.Type, Era: u.Era, Points: make([]Point, 0, len(periods))}
		for i, p := range periods {
			j, ok := pos[p.Era()][u.Code]
			if !ok || u.Era != p.Era() {
				v, src := l.value(ind, u.Code, u.Era, p)
				sr.Points = append(sr.Points, Point{Period: p, Value: v, Source: src})
				continue
			}
			var v *float64
			if x, ok := cat.Value(ind, figs[i][j]); ok {
				v = ptr(x)
			}
			sr.Points = append(sr.Points, Point{Period: p, Value: v, Source: srcs[i][j]})
		}
		out.Series = append(out.Series, sr)
	}
	return out, nil
}

// areaAverage is the area figure total of p per commune (units of era,
// reaching across the reform like their lines) with a value, on a
// commune's own scale; for a ratio, the area ratio itself.
func (l *lookup) areaAverage(ind catalogue.Indicator, communes []units.Unit, era period.Era, p period.Period, total *float64) *float64 {
	if total == nil || ind.IsRatio() {
		return total
	}
	n := 0
	for _, u := range communes {
		if v, _ := l.value(ind, u.Code, era, p); v != nil {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return ptr(*total / float64(n))
}

// averageOver is areaAverage for communes already resolved: the total per
// figure of figs that states ind; for a ratio, the total itself.
func averageOver(cat *catalogue.Catalogue, ind catalogue.Indicator, figs []catalogue.Figures, total *float64) *float64 {
	if total == nil || ind.IsRatio() {
		return total
	}
	n := 0
	for _, f := range figs {
		if _, ok := cat.Value(ind, f); ok {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return ptr(*total / float64(n))
}
