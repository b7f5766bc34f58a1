package store

import (
	"context"
	"fmt"
	"time"

	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// dataSnapshot stamps reference rows, so a second load writes identical rows
// that ReplacingMergeTree collapses.
var dataSnapshot = time.Date(2026, 7, 25, 0, 0, 0, 0, time.UTC)

var (
	openStart = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	openEnd   = time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)
)

func loadUnits(ctx context.Context, s *Store) error {
	var n uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM units").Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	list, err := units.Load()
	if err != nil {
		return err
	}
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO units (era, level, code, name, type, parent_code, valid_from, valid_to, loaded_at)")
	if err != nil {
		return err
	}
	defer b.Abort()
	reformEve := period.ReformDate.AddDate(0, 0, -1)
	for _, u := range list {
		from, to := openStart, reformEve
		if u.Era == period.Era2025 {
			from, to = period.ReformDate, openEnd
		}
		if err := b.Append(string(u.Era), u.Level, u.Code, u.Name, u.Type, u.ParentCode, from, to, dataSnapshot); err != nil {
			return err
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("units: %w", err)
	}
	links, err := units.LoadLineage()
	if err != nil {
		return err
	}
	lb, err := s.Conn.PrepareBatch(ctx, "INSERT INTO unit_lineage (old_code, old_name, new_code, new_name, kind, loaded_at)")
	if err != nil {
		return err
	}
	defer lb.Abort()
	for _, l := range links {
		if err := lb.Append(l.OldCode, l.OldName, l.NewCode, l.NewName, l.Kind, dataSnapshot); err != nil {
			return err
		}
	}
	return lb.Send()
}

// Unit finds one unit by era, level and code.
func (s *Store) Unit(ctx context.Context, era period.Era, level, code string) (units.Unit, bool, error) {
	rows, err := s.Conn.Query(ctx, `SELECT era, level, code, name, type, parent_code FROM units FINAL
		WHERE era = ? AND level = ? AND code = ? LIMIT 1`, string(era), level, code)
	if err != nil {
		return units.Unit{}, false, fmt.Errorf("store: unit: %w", err)
	}
	list, err := scanUnits(rows)
	if err != nil || len(list) == 0 {
		return units.Unit{}, false, err
	}
	return list[0], true, nil
}

// Children lists the units whose parent is code in era, by code.
func (s *Store) Children(ctx context.Context, era period.Era, parent string) ([]units.Unit, error) {
	rows, err := s.Conn.Query(ctx, `SELECT era, level, code, name, type, parent_code FROM units FINAL
		WHERE era = ? AND parent_code = ? ORDER BY code`, string(era), parent)
	if err != nil {
		return nil, fmt.Errorf("store: children: %w", err)
	}
	return scanUnits(rows)
}

// Lineage lists the links whose old or new code is in the given sets.
func (s *Store) Lineage(ctx context.Context, oldCodes, newCodes []string) ([]units.Link, error) {
	// An empty list cannot be bound to IN; no unit code is empty.
	rows, err := s.Conn.Query(ctx, `SELECT old_code, old_name, new_code, new_name, kind FROM unit_lineage FINAL
		WHERE old_code IN ? OR new_code IN ? ORDER BY new_code, old_code`, InSet(append(oldCodes, "")), InSet(append(newCodes, "")))
	if err != nil {
		return nil, fmt.Errorf("store: lineage: %w", err)
	}
	defer rows.Close()
	var out []units.Link
	for rows.Next() {
		var l units.Link
		if err := rows.Scan(&l.OldCode, &l.OldName, &l.NewCode, &l.NewName, &l.Kind); err != nil {
			return nil, err
		}
		out = append(out, l.Spelt())
	}
	return out, rows.Err()
}

type rowsScanner interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}

func scanUnits(rows rowsScanner) ([]units.Unit, error) {
	defer rows.Close()
	var out []units.Unit
	for rows.Next() {
		var u units.Unit
		var era string
		if err := rows.Scan(&era, &u.Level, &u.Code, &u.Name, &u.Type, &u.ParentCode); err != nil {
			return nil, fmt.Errorf("store: scan unit: %w", err)
		}
		u.Era = period.Era(era)
		out = append(out, u.Spelt())
	}
	return out, rows.Err()
}

// CommunesByName lists every commune of an era (the ingest path matches
// names in Go, as names need normalising before comparison).
func (s *Store) CommunesByName(ctx context.Context, era period.Era) ([]units.Unit, error) {
	rows, err := s.Conn.Query(ctx, `SELECT era, level, code, name, type, parent_code FROM units FINAL
		WHERE era = ? AND level = 'commune'`, string(era))
	if err != nil {
		return nil, fmt.Errorf("store: communes: %w", err)
	}
	return scanUnits(rows)
}

// Regions lists the provinces and districts of an era.
func (s *Store) Regions(ctx context.Context, era period.Era) ([]units.Unit, error) {
	rows, err := s.Conn.Query(ctx, `SELECT era, level, code, name, type, parent_code FROM units FINAL
		WHERE era = ? AND level != 'commune'`, string(era))
	if err != nil {
		return nil, fmt.Errorf("store: regions: %w", err)
	}
	return scanUnits(rows)
}
