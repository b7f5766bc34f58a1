// Package units holds Vietnam's administrative units (đơn vị hành chính) of
// both eras, before and after the 1 July 2025 reform, and the lineage between
// them. The CSV files under data/ are shipped in the binary; data/README.md
// gives their sources and MIT licences.
package units

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/bdg-district/bdg/period"
)

//go:embed data/*.csv
var files embed.FS

// Unit is one administrative unit in one era.
type Unit struct {
	Era        period.Era `json:"era"`
	Level      string     `json:"level"` // province, district, commune
	Code       string     `json:"code"`
	Name       string     `json:"name"` // without the type word: "Vạn Thủy"
	Type       string     `json:"type"` // xã, phường, thị trấn, huyện, tỉnh, ...
	ParentCode string     `json:"parent_code"`
}

// FullName is the type word and name, capitalised: "Xã Vạn Thủy".
func (u Unit) FullName() string {
	t := u.Type
	if t == "" {
		return u.Name
	}
	r := []rune(t)
	return strings.ToUpper(string(r[0])) + string(r[1:]) + " " + u.Name
}

// ValidCommuneCode reports whether code has the form of a commune code:
// five digits (the form is checked before any lookup, so that nothing else
// reaches a query, a path or a page).
func ValidCommuneCode(code string) bool {
	if len(code) != 5 {
		return false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Link says that (part of) an old unit went into a new one on 1 July 2025.
type Link struct {
	OldCode string `json:"old_code"`
	OldName string `json:"old_name"`
	NewCode string `json:"new_code"`
	NewName string `json:"new_name"`
	Kind    string `json:"kind"` // whole or partial
}

// Load reads both unit lists, names in bdg's one spelling (see Spell and
// data/corrections.csv).
func Load() ([]Unit, error) {
	if _, err := corrections(); err != nil {
		return nil, err
	}
	var out []Unit
	for _, f := range []struct {
		name string
		era  period.Era
	}{{"data/units-pre2025.csv", period.EraPre2025}, {"data/units-2025.csv", period.Era2025}} {
		rows, err := readCSV(f.name, 5)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out = append(out, Unit{Era: f.era, Level: r[0], Code: r[1], Name: DisplayName(f.era, r[1], r[2]), Type: r[3], ParentCode: r[4]})
		}
	}
	return out, nil
}

// LoadLineage reads the 2025 lineage, names spelt as Load spells them.
func LoadLineage() ([]Link, error) {
	if _, err := corrections(); err != nil {
		return nil, err
	}
	rows, err := readCSV("data/lineage-2025.csv", 5)
	if err != nil {
		return nil, err
	}
	out := make([]Link, 0, len(rows))
	for _, r := range rows {
		out = append(out, Link{OldCode: r[0], OldName: DisplayName(period.EraPre2025, r[0], r[1]),
			NewCode: r[2], NewName: DisplayName(period.Era2025, r[2], r[3]), Kind: r[4]})
	}
	return out, nil
}

func readCSV(name string, cols int) ([][]string, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = cols
	var rows [][]string
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("units: %s: %w", name, err)
		}
		if !first {
			rows = append(rows, rec)
		}
	}
}

// Only keeps the unit with code (a commune reporter sees its own commune
// only); nothing when code is not in list.
func Only(list []Unit, code string) []Unit {
	for _, u := range list {
		if u.Code == code {
			return []Unit{u}
		}
	}
	return nil
}
