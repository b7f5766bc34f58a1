package analytics

import (
	"context"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// lookup answers "this commune's figures in that period" for a set of
// communes of one era, reaching across the 2025 reform and building years
// from half-years: a new commune's figures before 1 July 2025 are its whole
// predecessors' figures combined by each indicator's rule (predecessors that
// were split are flagged, not added), and a year that was not reported as
// such is its half-years combined by the indicator's rule over periods.
type lookup struct {
	cat   *catalogue.Catalogue
	codes []string
	figs  *figureSet
	preds map[string][]units.Link
	notes map[string]*ReformNote // by 2025 commune
}

// expand adds the half-years of every year, which a year may be built from.
func expand(periods []period.Period) []period.Period {
	seen := map[string]bool{}
	var out []period.Period
	add := func(p period.Period) {
		if !p.IsZero() && !seen[p.String()] {
			seen[p.String()] = true
			out = append(out, p)
		}
	}
	for _, p := range periods {
		add(p)
		if p.Kind == period.Year {
			add(period.Period{Year: p.Year, Kind: period.Half, N: 1})
			add(period.Period{Year: p.Year, Kind: period.Half, N: 2})
		}
	}
	return out
}

// newLookup reads, in one round trip, the published figures of ind (its
// parts, for a ratio) for the given communes of era and periods.
func (s *Service) newLookup(ctx context.Context, cat *catalogue.Catalogue, ind catalogue.Indicator,
	communes []units.Unit, era period.Era, periods []period.Period) (*lookup, error) {
	codes := cat.Parts(ind)
	if ind.IsRatio() { // a ratio a commune states directly is kept as stated
		codes = append(codes, ind.Code)
	}
	return s.newLookupCodes(ctx, cat, codes, map[period.Era][]units.Unit{era: communes}, periods)
}

// newLookupCodes reads the published figures of the indicator codes for
// communes of one or both eras, and which of their reports exist.
func (s *Service) newLookupCodes(ctx context.Context, cat *catalogue.Catalogue, indCodes []string,
	communes map[period.Era][]units.Unit, periods []period.Period) (*lookup, error) {
	l := &lookup{cat: cat, codes: indCodes, preds: map[string][]units.Link{}}
	periods = expand(periods)
	crosses := false
	for _, p := range periods {
		if p.Era() == period.EraPre2025 {
			crosses = true
		}
	}
	seen := map[string]bool{}
	var all []string
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			all = append(all, c)
		}
	}
	for _, list := range communes {
		for _, u := range list {
			add(u.Code)
		}
	}
	if crosses {
		for _, u := range communes[period.Era2025] {
			links, err := s.Predecessors(ctx, u.Code)
			if err != nil {
				return nil, err
			}
			l.preds[u.Code] = links
			for _, k := range links {
				add(k.OldCode)
			}
		}
	}
	if all == nil {
		all = []string{}
	}
	var err error
	if l.figs, err = s.published(ctx, all, periods, l.codes); err != nil {
		return nil, err
	}
	return l, nil
}

// reported tells whether commune has a published report for p.
func (l *lookup) reported(era period.Era, commune string, p period.Period) bool {
	return l.figs.hasReport(era, commune, p)
}

// Source says how a figure was made when it is not a commune's own report
// for exactly that period.
type Source struct {
	// Reform is set when the figure of a 2025 commune was summed from its
	// pre-reform predecessors.
	Reform *ReformNote `json:"reform,omitempty"`
	// FromPeriods lists the half-years a year figure was built from.
	FromPeriods []period.Period `json:"from_periods,omitempty"`
	// Incomplete is set when a year was built from only one of its halves.
	Incomplete bool `json:"incomplete,omitempty"`
}

func (s *Source) empty() bool {
	return s == nil || (s.Reform == nil && len(s.FromPeriods) == 0 && !s.Incomplete)
}

// resolve returns the figures of commune (a unit of era) in p: its own
// report, its predecessors' combined, or a year built from its halves.
func (l *lookup) resolve(commune string, era period.Era, p period.Period) (catalogue.Figures, *Source) {
	f, note := l.at(commune, era, p)
	if len(f) > 0 || p.Kind != period.Year {
		return f, sourceOf(note, nil, false)
	}
	var halves []catalogue.Figures
	var from []period.Period
	var reform *ReformNote
	for n := 1; n <= 2; n++ {
		h := period.Period{Year: p.Year, Kind: period.Half, N: n}
		hf, hn := l.at(commune, era, h)
		if hn != nil {
			reform = mergeNotes(reform, hn)
		}
		if len(hf) > 0 {
			halves = append(halves, hf)
			from = append(from, h)
		}
	}
	if len(halves) == 0 {
		return nil, sourceOf(reform, nil, false)
	}
	out := catalogue.Figures{}
	for _, code := range l.codes {
		ind, ok := l.cat.Get(code)
		if !ok {
			continue
		}
		if v, ok := l.cat.OverPeriods(ind, halves); ok {
			out[code] = v
		}
	}
	return out, sourceOf(reform, from, len(from) < 2)
}

// sourceOf is how a figure was made, nil for a commune's own report (most
// figures: nothing is allocated for them).
func sourceOf(n *ReformNote, from []period.Period, incomplete bool) *Source {
	if n == nil && len(from) == 0 && !incomplete {
		return nil
	}
	return &Source{Reform: n, FromPeriods: from, Incomplete: incomplete}
}

func mergeNotes(a, b *ReformNote) *ReformNote {
	if a == nil {
		return b
	}
	out := &ReformNote{}
	seen := map[string]bool{}
	for _, c := range append(append([]string{}, a.Predecessors...), b.Predecessors...) {
		if !seen[c] {
			seen[c] = true
			out.Predecessors = append(out.Predecessors, c)
		}
	}
	seen = map[string]bool{}
	for _, c := range append(append([]string{}, a.Partial...), b.Partial...) {
		if !seen[c] {
			seen[c] = true
			out.Partial = append(out.Partial, c)
		}
	}
	return out
}

// at returns the figures of commune (a unit of era) in period p, with a note
// when they were made from predecessors.
func (l *lookup) at(commune string, era period.Era, p period.Period) (catalogue.Figures, *ReformNote) {
	if p.Era() == era {
		f, _ := l.figs.get(era, commune, p)
		return f, nil
	}
	if era != period.Era2025 {
		return nil, nil // an old commune has no figures after it ceased to exist
	}
	note := l.notes[commune]
	if note == nil { // one note per commune, shared by its periods (notes are never changed)
		note = &ReformNote{}
		for _, k := range l.preds[commune] {
			note.Predecessors = append(note.Predecessors, k.OldCode)
			if k.Kind != "whole" {
				note.Partial = append(note.Partial, k.OldCode)
			}
		}
		if l.notes == nil {
			l.notes = map[string]*ReformNote{}
		}
		l.notes[commune] = note
	}
	var parts []catalogue.Figures
	for _, k := range l.preds[commune] {
		if k.Kind != "whole" {
			continue
		}
		if f, ok := l.figs.get(period.EraPre2025, k.OldCode, p); ok {
			parts = append(parts, f)
		}
	}
	return l.combine(parts), note
}

// combine adds up predecessors' figures by each indicator's rule; stated
// ratios are dropped, as a ratio is recomputed from its summed parts.
func (l *lookup) combine(parts []catalogue.Figures) catalogue.Figures {
	out := catalogue.Figures{}
	for _, code := range l.codes {
		ind, ok := l.cat.Get(code)
		if !ok || ind.IsRatio() {
			continue
		}
		if v, ok := l.cat.OverCommunes(ind, parts); ok {
			out[code] = v
		}
	}
	return out
}

// area is the area figure of ind in p: the communes of p's era, each
// resolved (a year from its halves), combined by the indicator's rule.
func (l *lookup) area(ind catalogue.Indicator, communes []units.Unit, p period.Period) (*float64, []catalogue.Figures) {
	figs, _ := l.resolveAll(communes, p)
	if v, ok := l.cat.OverCommunes(ind, figs); ok {
		return ptr(v), figs
	}
	return nil, figs
}

// resolveAll resolves each of communes (units of p's era) in p, in order.
func (l *lookup) resolveAll(communes []units.Unit, p period.Period) ([]catalogue.Figures, []*Source) {
	figs := make([]catalogue.Figures, len(communes))
	srcs := make([]*Source, len(communes))
	for i, u := range communes {
		figs[i], srcs[i] = l.resolve(u.Code, p.Era(), p)
	}
	return figs, srcs
}

// value is one commune's value of ind in p, with how it was made.
func (l *lookup) value(ind catalogue.Indicator, commune string, era period.Era, p period.Period) (*float64, *Source) {
	f, src := l.resolve(commune, era, p)
	if v, ok := l.cat.Value(ind, f); ok {
		return ptr(v), src
	}
	return nil, src
}
