package summary

import (
	"context"
	"sort"
	"strings"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// Reports is the part of the store the overrides are read from.
type Reports interface {
	Reports(ctx context.Context, f model.ReportFilter) ([]model.Report, error)
}

// PublishedOverrides reads the overridden validation rules from the
// versions published now: each records its publishing decision (the rules
// it failed, the override and its reason), so the report names exactly the
// figures it rests on, not earlier decisions since replaced.
type PublishedOverrides struct{ Store Reports }

// Overrides lists the overrides of the versions of p published now, oldest
// decision first; the rule is named by its failures' messages (Vietnamese).
func (a PublishedOverrides) Overrides(ctx context.Context, p period.Period) ([]Override, error) {
	list, err := a.Store.Reports(ctx, model.ReportFilter{Period: p.String(), Status: model.StatusPublished})
	if err != nil {
		return nil, err
	}
	var out []Override
	for _, r := range list {
		d := r.Decision
		if d == nil || !d.Override {
			continue
		}
		var rules []string
		for _, f := range d.Failures {
			if f.Severity == catalogue.SeverityError {
				rules = append(rules, f.MessageVI)
			}
		}
		out = append(out, Override{Commune: r.Commune, Period: p, Rule: strings.Join(rules, "; "), Reason: d.Reason,
			By: r.PublishedBy, At: r.PublishedAt})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}
