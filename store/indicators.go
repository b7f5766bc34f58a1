package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/bdg-district/bdg/catalogue"
)

// catalogueSeedTime stamps the default catalogue; any later edit by an admin
// has a newer updated_at and wins.
var catalogueSeedTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// semanticsSeedTime stamps the built-in indicators once more with their
// direction and target (step 12): later than the first seed, earlier than
// any admin's edit.
var semanticsSeedTime = catalogueSeedTime.Add(24 * time.Hour)

// seedCatalogue is step 7: the columns the table had then (direction and
// target come with step 11, filled by step 12).
func seedCatalogue(ctx context.Context, s *Store) error {
	return s.saveIndicators(ctx, catalogue.Default(), catalogueSeedTime, false)
}

// seedSemantics is step 12: the built-in indicators with their direction
// and target, unless an admin has edited them since the first seed.
func seedSemantics(ctx context.Context, s *Store) error {
	rows, err := s.Conn.Query(ctx, "SELECT code, max(updated_at) FROM indicators GROUP BY code")
	if err != nil {
		return fmt.Errorf("store: indicators: %w", err)
	}
	edited := map[string]bool{}
	for rows.Next() {
		var code string
		var at time.Time
		if err := rows.Scan(&code, &at); err != nil {
			rows.Close()
			return err
		}
		edited[code] = at.After(semanticsSeedTime)
	}
	rows.Close()
	var list []catalogue.Indicator
	for _, ind := range catalogue.Default() {
		if !edited[ind.Code] {
			list = append(list, ind)
		}
	}
	return s.saveIndicators(ctx, list, semanticsSeedTime, true)
}

// SaveIndicator adds or changes one catalogue entry.
func (s *Store) SaveIndicator(ctx context.Context, ind catalogue.Indicator) error {
	return s.saveIndicators(ctx, []catalogue.Indicator{ind}, time.Now(), true)
}

func (s *Store) saveIndicators(ctx context.Context, list []catalogue.Indicator, at time.Time, semantics bool) error {
	if len(list) == 0 {
		return nil
	}
	cols := "code, name_vi, name_en, unit, unit_en, over_communes, over_periods, numerator, denominator, parent, sort_order, updated_at"
	if semantics {
		cols += ", direction, target"
	}
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO indicators ("+cols+")")
	if err != nil {
		return fmt.Errorf("store: indicators: %w", err)
	}
	defer b.Abort()
	for _, i := range list {
		row := []any{i.Code, i.NameVI, i.NameEN, i.Unit, i.UnitEN, string(i.OverCommunes), string(i.OverPeriods),
			i.Numerator, i.Denominator, i.Parent, int32(i.Order), at}
		if semantics {
			target := ""
			if i.Target != nil {
				b, _ := json.Marshal(i.Target)
				target = string(b)
			}
			row = append(row, string(i.Direction), target)
		}
		if err := b.Append(row...); err != nil {
			return fmt.Errorf("store: indicators: %w", err)
		}
	}
	return b.Send()
}

// Catalogue reads the current indicator catalogue.
func (s *Store) Catalogue(ctx context.Context) (*catalogue.Catalogue, error) {
	rows, err := s.Conn.Query(ctx, `SELECT code, name_vi, name_en, unit, unit_en, over_communes, over_periods,
		numerator, denominator, parent, sort_order, direction, target FROM indicators FINAL`)
	if err != nil {
		return nil, fmt.Errorf("store: catalogue: %w", err)
	}
	defer rows.Close()
	var list []catalogue.Indicator
	for rows.Next() {
		var i catalogue.Indicator
		var oc, op, dir, target string
		var order int32
		if err := rows.Scan(&i.Code, &i.NameVI, &i.NameEN, &i.Unit, &i.UnitEN, &oc, &op,
			&i.Numerator, &i.Denominator, &i.Parent, &order, &dir, &target); err != nil {
			return nil, fmt.Errorf("store: catalogue: %w", err)
		}
		i.OverCommunes, i.OverPeriods, i.Order, i.Direction = catalogue.Agg(oc), catalogue.Agg(op), int(order), catalogue.Direction(dir)
		if target != "" {
			i.Target = &catalogue.Target{}
			if err := json.Unmarshal([]byte(target), i.Target); err != nil {
				return nil, fmt.Errorf("store: catalogue: target of %s: %w", i.Code, err)
			}
		}
		list = append(list, i)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return catalogue.New(list), nil
}
