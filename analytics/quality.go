package analytics

import (
	"context"
	"math"
	"sort"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// Data-quality flag kinds.
const (
	FlagHistory = "history_outlier"    // far from the commune's own earlier values
	FlagPeers   = "peer_outlier"       // far from the other communes in the same period
	FlagRatio   = "ratio_out_of_range" // a percentage outside 0-100
	FlagPart    = "part_exceeds_whole" // "trong đó nữ" above its total
)

// Robust outlier rule: |x − median| / (1.4826 · MAD) above RobustZ, with at
// least MinHistory earlier values or MinPeers communes to compare with.
const (
	RobustZ    = 3.5
	MinHistory = 4
	MinPeers   = 5
)

// QualityFilter selects the period and indicators to check.
type QualityFilter struct {
	Period period.Period
	// Indicators to check; empty means the whole catalogue.
	Indicators []string
}

// QualityFlag is one suspicious figure.
type QualityFlag struct {
	Code      string        `json:"commune"`
	Name      string        `json:"name"`
	Type      string        `json:"type"`
	Era       period.Era    `json:"era"`
	Period    period.Period `json:"period"`
	Indicator string        `json:"indicator"`
	Kind      string        `json:"kind"`
	Value     float64       `json:"value"`
	// Reference is the median compared with, or the whole a part exceeds.
	Reference *float64 `json:"reference,omitempty"`
	// Score is the robust z-score of an outlier.
	Score *float64 `json:"score,omitempty"`
}

// Quality lists the flags of one period.
type Quality struct {
	Period period.Period `json:"period"`
	Flags  []QualityFlag `json:"flags"`
}

// QualityFlags checks one period's figures: values far from the commune's
// own history or from the other communes (robust, median-based), ratios
// outside 0-100 and parts larger than their whole.
func (s *Service) QualityFlags(ctx context.Context, f QualityFilter) (*Quality, error) {
	cat, err := s.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	if f.Period.IsZero() {
		return nil, filterError("period", "Thiếu kỳ báo cáo", "Missing period")
	}
	var inds []catalogue.Indicator
	if len(f.Indicators) == 0 {
		inds = cat.All()
	}
	f.Indicators = distinct(f.Indicators)
	if len(f.Indicators) > len(cat.All()) {
		return nil, tooMany("indicators", len(cat.All()), "chỉ tiêu (cả danh mục)", "indicators (the whole catalogue)")
	}
	for _, code := range f.Indicators {
		_, ind, err := s.indicator(ctx, code)
		if err != nil {
			return nil, err
		}
		inds = append(inds, ind)
	}
	all, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	var history []period.Period
	for _, p := range all {
		if p.Kind == f.Period.Kind && p.Compare(f.Period) < 0 {
			history = append(history, p)
		}
	}
	era := f.Period.Era()
	communes, err := s.Communes(ctx, era)
	if err != nil {
		return nil, err
	}
	var allCodes []string
	for _, ind := range cat.All() {
		allCodes = append(allCodes, ind.Code)
	}
	l, err := s.newLookupCodes(ctx, cat, allCodes, map[period.Era][]units.Unit{era: communes}, append(history, f.Period))
	if err != nil {
		return nil, err
	}
	out := &Quality{Period: f.Period, Flags: []QualityFlag{}}
	for _, ind := range inds {
		var peers []float64
		values := map[string]float64{}
		for _, u := range communes {
			if v, _ := l.value(ind, u.Code, era, f.Period); v != nil {
				peers = append(peers, *v)
				values[u.Code] = *v
			}
		}
		for _, u := range communes {
			x, ok := values[u.Code]
			if !ok {
				continue
			}
			flag := func(kind string, ref, score *float64) {
				out.Flags = append(out.Flags, QualityFlag{Code: u.Code, Name: u.Name, Type: u.Type, Era: era,
					Period: f.Period, Indicator: ind.Code, Kind: kind, Value: x, Reference: ref, Score: score})
			}
			if ind.Unit == "%" && (x < 0 || x > 100) {
				flag(FlagRatio, nil, nil)
			}
			if ind.Parent != "" {
				fig, _ := l.resolve(u.Code, era, f.Period)
				if whole, ok := fig[ind.Parent]; ok && x > whole {
					flag(FlagPart, ptr(whole), nil)
				}
			}
			var own []float64
			for _, p := range history {
				v, src := l.value(ind, u.Code, era, p)
				if v != nil && (src == nil || src.Reform == nil || len(src.Reform.Partial) == 0) {
					own = append(own, *v)
				}
			}
			if len(own) >= MinHistory {
				if z, med, ok := robustZ(x, own); ok && z > RobustZ {
					flag(FlagHistory, ptr(med), ptr(z))
				}
			}
			if len(peers) >= MinPeers {
				if z, med, ok := robustZ(x, peers); ok && z > RobustZ {
					flag(FlagPeers, ptr(med), ptr(z))
				}
			}
		}
	}
	sort.SliceStable(out.Flags, func(i, j int) bool {
		a, b := out.Flags[i], out.Flags[j]
		if a.Indicator != b.Indicator {
			return a.Indicator < b.Indicator
		}
		return a.Code < b.Code
	})
	s.log.Debug("quality checked", "period", f.Period.String(), "flags", len(out.Flags))
	return out, nil
}

// robustZ is |x − median| / (1.4826 · MAD) of sample; ok is false when the
// MAD is zero (the sample has no spread to judge by).
func robustZ(x float64, sample []float64) (z, med float64, ok bool) {
	med = median(sample)
	dev := make([]float64, len(sample))
	for i, v := range sample {
		dev[i] = math.Abs(v - med)
	}
	mad := median(dev)
	if mad == 0 {
		return 0, med, false
	}
	return math.Abs(x-med) / (1.4826 * mad), med, true
}

// median is the middle value of a sample (the mean of the two middle ones
// for an even count).
func median(sample []float64) float64 {
	s := append([]float64(nil), sample...)
	sort.Float64s(s)
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Outliers checks a version's values (a draft, before publishing) with the
// same robust rule as QualityFlags: each value against the commune's own
// published history of the same period kind, and against the other
// communes' published values of the period. A commune outside the area
// has no peers or history here and gets no outlier warnings.
func (s *Service) Outliers(ctx context.Context, r model.Report, vals []model.Value) ([]catalogue.Failure, error) {
	cat, err := s.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	var history []period.Period
	for _, p := range all {
		if p.Kind == r.Period.Kind && p.Compare(r.Period) < 0 {
			history = append(history, p)
		}
	}
	communes, err := s.Communes(ctx, r.Era)
	if err != nil {
		return nil, err
	}
	codes := make([]string, 0, len(vals))
	for _, v := range vals {
		codes = append(codes, v.Indicator)
	}
	l, err := s.newLookupCodes(ctx, cat, codes, map[period.Era][]units.Unit{r.Era: communes}, append(history, r.Period))
	if err != nil {
		return nil, err
	}
	var out []catalogue.Failure
	for _, v := range vals {
		ind, ok := cat.Get(v.Indicator)
		if !ok {
			continue
		}
		var own, peers []float64
		for _, p := range history {
			if x, src := l.value(ind, r.Commune, r.Era, p); x != nil && (src == nil || src.Reform == nil || len(src.Reform.Partial) == 0) {
				own = append(own, *x)
			}
		}
		for _, u := range communes {
			if u.Code == r.Commune {
				continue
			}
			if x, _ := l.value(ind, u.Code, r.Era, r.Period); x != nil {
				peers = append(peers, *x)
			}
		}
		if len(own) >= MinHistory {
			if z, med, ok := robustZ(v.Value, own); ok && z > RobustZ {
				out = append(out, cat.Outlier(ind.Code, v.Value, med, false))
				continue
			}
		}
		if len(peers) >= MinPeers {
			if z, med, ok := robustZ(v.Value, peers); ok && z > RobustZ {
				out = append(out, cat.Outlier(ind.Code, v.Value, med, true))
			}
		}
	}
	return out, nil
}
