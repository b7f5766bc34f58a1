package analytics

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
)

// Periods lists the periods for which any commune of the area has a
// published report, oldest first.
func (s *Service) Periods(ctx context.Context) ([]period.Period, error) {
	// Every page asks for the period choices: keep them until the data changes.
	ps, err := cached(ctx, s, "periods", func(ctx context.Context) ([]period.Period, error) { return s.periods(ctx) })
	return slices.Clone(ps), err // callers may sort or append
}

func (s *Service) periods(ctx context.Context) ([]period.Period, error) {
	var all []string
	for _, era := range []period.Era{period.EraPre2025, period.Era2025} {
		list, err := s.Communes(ctx, era)
		if err != nil {
			return nil, err
		}
		all = append(all, codes(list)...)
	}
	if len(all) == 0 {
		return nil, nil
	}
	// A version only leaves "published" when another version of the same
	// commune and period is published, so a period that ever had a
	// published row has a published report now: published_periods
	// (migration 14) keeps one row per commune and period that ever had one.
	rows, err := s.conn.Query(ctx, `SELECT DISTINCT period FROM published_periods
		WHERE commune_code IN ?`, store.InSet(all))
	if err != nil {
		return nil, fmt.Errorf("analytics: periods: %w", err)
	}
	defer rows.Close()
	var out []period.Period
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		if p, err := period.Parse(code); err == nil {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Compare(out[j]) < 0 })
	return out, rows.Err()
}

// LatestPeriod is the most recent half-year (or, failing that, any period)
// with a published report; ok is false when nothing is published yet.
func (s *Service) LatestPeriod(ctx context.Context) (period.Period, bool, error) {
	ps, err := s.Periods(ctx)
	if err != nil || len(ps) == 0 {
		return period.Period{}, false, err
	}
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].Kind == period.Half {
			return ps[i], true, nil
		}
	}
	return ps[len(ps)-1], true, nil
}
