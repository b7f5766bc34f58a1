package analytics

import (
	"context"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// lookup answers "this commune's figures in that period" for a set of
// communes of one era, reaching across the 2025 reform: a new commune's
// figures before 1 July 2025 are its whole predecessors' figures combined by
// each indicator's rule, and predecessors that were split are flagged, not
// added.
type lookup struct {
	cat     *catalogue.Catalogue
	codes   []string
	figs    figureSet
	reports map[string]bool
	preds   map[string][]units.Link
}

func (s *Service) newLookup(ctx context.Context, cat *catalogue.Catalogue, ind catalogue.Indicator,
	communes []units.Unit, era period.Era, periods []period.Period) (*lookup, error) {
	l := &lookup{cat: cat, preds: map[string][]units.Link{}}
	l.codes = cat.Parts(ind)
	if ind.IsRatio() { // a ratio a commune states directly is kept as stated
		l.codes = append(l.codes, ind.Code)
	}
	all := codes(communes)
	crosses := false
	for _, p := range periods {
		if p.Era() != era {
			crosses = true
		}
	}
	if era == period.Era2025 && crosses {
		for _, u := range communes {
			links, err := s.Predecessors(ctx, u.Code)
			if err != nil {
				return nil, err
			}
			l.preds[u.Code] = links
			for _, k := range links {
				all = append(all, k.OldCode)
			}
		}
	}
	var err error
	if l.figs, err = s.published(ctx, all, periods, l.codes); err != nil {
		return nil, err
	}
	if l.reports, err = s.publishedReports(ctx, all, periods); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *lookup) reported(era period.Era, commune string, p period.Period) bool {
	return l.reports[string(era)+"|"+commune+"|"+p.String()]
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
	note := &ReformNote{}
	var parts []catalogue.Figures
	for _, k := range l.preds[commune] {
		note.Predecessors = append(note.Predecessors, k.OldCode)
		if k.Kind != "whole" {
			note.Partial = append(note.Partial, k.OldCode)
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
