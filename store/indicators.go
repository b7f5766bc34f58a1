package store

import (
	"context"
	"fmt"
	"time"

	"github.com/bdg-district/bdg/catalogue"
)

// catalogueSeedTime stamps the default catalogue; any later edit by an admin
// has a newer updated_at and wins.
var catalogueSeedTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func seedCatalogue(ctx context.Context, s *Store) error {
	return s.saveIndicators(ctx, catalogue.Default(), catalogueSeedTime)
}

// SaveIndicator adds or changes one catalogue entry.
func (s *Store) SaveIndicator(ctx context.Context, ind catalogue.Indicator) error {
	return s.saveIndicators(ctx, []catalogue.Indicator{ind}, time.Now())
}

func (s *Store) saveIndicators(ctx context.Context, list []catalogue.Indicator, at time.Time) error {
	b, err := s.Conn.PrepareBatch(ctx, `INSERT INTO indicators (code, name_vi, name_en, unit, unit_en,
		over_communes, over_periods, numerator, denominator, parent, sort_order, updated_at)`)
	if err != nil {
		return fmt.Errorf("store: indicators: %w", err)
	}
	defer b.Abort()
	for _, i := range list {
		if err := b.Append(i.Code, i.NameVI, i.NameEN, i.Unit, i.UnitEN, string(i.OverCommunes), string(i.OverPeriods),
			i.Numerator, i.Denominator, i.Parent, int32(i.Order), at); err != nil {
			return fmt.Errorf("store: indicators: %w", err)
		}
	}
	return b.Send()
}

// Catalogue reads the current indicator catalogue.
func (s *Store) Catalogue(ctx context.Context) (*catalogue.Catalogue, error) {
	rows, err := s.Conn.Query(ctx, `SELECT code, name_vi, name_en, unit, unit_en, over_communes, over_periods,
		numerator, denominator, parent, sort_order FROM indicators FINAL`)
	if err != nil {
		return nil, fmt.Errorf("store: catalogue: %w", err)
	}
	defer rows.Close()
	var list []catalogue.Indicator
	for rows.Next() {
		var i catalogue.Indicator
		var oc, op string
		var order int32
		if err := rows.Scan(&i.Code, &i.NameVI, &i.NameEN, &i.Unit, &i.UnitEN, &oc, &op,
			&i.Numerator, &i.Denominator, &i.Parent, &order); err != nil {
			return nil, fmt.Errorf("store: catalogue: %w", err)
		}
		i.OverCommunes, i.OverPeriods, i.Order = catalogue.Agg(oc), catalogue.Agg(op), int(order)
		list = append(list, i)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return catalogue.New(list), nil
}
