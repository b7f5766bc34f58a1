package analytics

import (
	"context"
	"fmt"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/units"
)

// ProfileFilter selects a commune profile.
type ProfileFilter struct {
	Code string
	// Era says which unit Code names; empty means the 2025 unit when it is
	// in the area, else the pre-2025 one.
	Era     period.Era
	Periods []period.Period // empty: every half-year with a report
}

// ProfilePoint is one indicator's value in one period beside the area figure.
type ProfilePoint struct {
	Period period.Period `json:"period"`
	Value  *float64      `json:"value"`
	Area   *float64      `json:"area"`
	// AreaAverage is Area per commune with a value (a ratio: Area), on the
	// commune's own scale.
	AreaAverage *float64 `json:"area_average"`
	Source      *Source  `json:"source,omitempty"`
	// ReportID is the published version the value comes from; Evidence says
	// whether the value has a sentence in the report's text.
	ReportID string `json:"report_id,omitempty"`
	Evidence bool   `json:"evidence,omitempty"`
}

// ProfileIndicator is one indicator over time.
type ProfileIndicator struct {
	Indicator catalogue.Indicator `json:"indicator"`
	Points    []ProfilePoint      `json:"points"`
}

// CommuneProfile is everything about one commune: every indicator over time
// beside the area figure, its lineage across the 2025 reform, and its
// report versions.
type CommuneProfile struct {
	Unit units.Unit `json:"unit"`
	// SameCode is the unit of the other era with the same code, when it is in the area.
	SameCode *units.Unit `json:"same_code_other_era,omitempty"`
	// Successors (for a pre-2025 commune) and Predecessors (for a 2025 one).
	Successors   []units.Link       `json:"successors,omitempty"`
	Predecessors []units.Link       `json:"predecessors,omitempty"`
	Periods      []period.Period    `json:"periods"`
	Indicators   []ProfileIndicator `json:"indicators"`
	Reports      []ReportVersion    `json:"reports"`
}

// profileEvidenceQuery finds, per period and indicator, the report holding a
// commune's published value and whether it has evidence. No FINAL: the
// status of a version is argMax(status, rev), as in PublishedValuesSQL.
const profileEvidenceQuery = `SELECT period, indicator, any(report_id), max(evidence != '')
FROM indicator_values
WHERE era = ? AND commune_code = ?
  AND (era, commune_code, period, version) IN (
    SELECT era, commune_code, period, version FROM reports
    WHERE era = ? AND commune_code = ?
    GROUP BY era, commune_code, period, version HAVING argMax(status, rev) = 'published')
GROUP BY period, indicator` + store.CoShardedIn

// ResolveCommune finds the area's commune for a code: in era when given,
// else the 2025 unit when the area has it, else the pre-2025 one.
func (s *Service) ResolveCommune(ctx context.Context, code string, era period.Era) (units.Unit, error) {
	if era != "" {
		return s.areaCommune(ctx, code, era)
	}
	if u, err := s.areaCommune(ctx, code, period.Era2025); err == nil {
		return u, nil
	}
	return s.areaCommune(ctx, code, period.EraPre2025)
}

// Profile returns one commune's profile; a commune not in the area is
// not found (404): the profile is its page, not a filter.
func (s *Service) Profile(ctx context.Context, f ProfileFilter) (*CommuneProfile, error) {
	out, err := s.profile(ctx, f)
	if ae, ok := apperr.As(err); ok && ae.Field == "commune" {
		err = apperr.NotFound("not_found", "commune", ae.MessageVI, ae.MessageEN)
	}
	return out, err
}

func (s *Service) profile(ctx context.Context, f ProfileFilter) (*CommuneProfile, error) {
	u, err := s.ResolveCommune(ctx, f.Code, f.Era)
	if err != nil {
		return nil, err
	}
	cat, err := s.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	periods, err := s.periodsOrDefault(ctx, f.Periods)
	if err != nil {
		return nil, err
	}
	if u.Era == period.EraPre2025 { // an old commune has no figures after the reform
		var kept []period.Period
		for _, p := range periods {
			if p.Era() == period.EraPre2025 {
				kept = append(kept, p)
			}
		}
		periods = kept
	}
	out := &CommuneProfile{Unit: u, Periods: periods}
	other := period.Era2025
	if u.Era == period.Era2025 {
		other = period.EraPre2025
		if out.Predecessors, err = s.Predecessors(ctx, u.Code); err != nil {
			return nil, err
		}
	} else if out.Successors, err = s.Successors(ctx, u.Code); err != nil {
		return nil, err
	}
	if o, err := s.areaCommune(ctx, u.Code, other); err == nil {
		out.SameCode = &o
	}
	communes, err := s.bothEras(ctx)
	if err != nil {
		return nil, err
	}
	var allCodes []string
	for _, ind := range cat.All() {
		allCodes = append(allCodes, ind.Code)
	}
	l, err := s.newLookupCodes(ctx, cat, allCodes, communes, periods)
	if err != nil {
		return nil, err
	}
	ev, err := s.evidenceIndex(ctx, u)
	if err != nil {
		return nil, err
	}
	for _, ind := range cat.All() {
		pi := ProfileIndicator{Indicator: ind}
		for _, p := range periods {
			pt := ProfilePoint{Period: p}
			pt.Value, pt.Source = l.value(ind, u.Code, u.Era, p)
			pt.Area, _ = l.area(ind, communes[p.Era()], p)
			pt.AreaAverage = l.areaAverage(ind, communes[u.Era], u.Era, p, pt.Area)
			if e, ok := ev[p.String()+"|"+ind.Code]; ok {
				pt.ReportID, pt.Evidence = e.id, e.evidence
			}
			pi.Points = append(pi.Points, pt)
		}
		out.Indicators = append(out.Indicators, pi)
	}
	if out.Reports, err = s.Reports(ctx, ReportFilter{Commune: u.Code, Era: u.Era}); err != nil {
		return nil, err
	}
	return out, nil
}

type evidenceRef struct {
	id       string
	evidence bool
}

// evidenceIndex maps "period|indicator" to the published report a
// commune's own value comes from.
func (s *Service) evidenceIndex(ctx context.Context, u units.Unit) (map[string]evidenceRef, error) {
	rows, err := s.conn.Query(ctx, profileEvidenceQuery, string(u.Era), u.Code, string(u.Era), u.Code)
	if err != nil {
		return nil, fmt.Errorf("analytics: profile evidence: %w", err)
	}
	defer rows.Close()
	out := map[string]evidenceRef{}
	for rows.Next() {
		var per, ind, id string
		var has uint8
		if err := rows.Scan(&per, &ind, &id, &has); err != nil {
			return nil, fmt.Errorf("analytics: profile evidence: %w", err)
		}
		out[per+"|"+ind] = evidenceRef{id: id, evidence: has == 1}
	}
	return out, rows.Err()
}
