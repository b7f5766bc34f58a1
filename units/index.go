package units

import "github.com/bdg-district/bdg/period"

// Index answers the lookups of ingest from the unit lists in the binary:
// a commune by code, communes by name, a region by code. It needs no
// database, so a submission is checked before it is accepted even while
// ClickHouse is down.
type Index struct {
	communes map[eraCode]Unit
	byName   map[eraName][]Unit
	regions  map[eraLevelCode]Unit
}

type eraCode struct {
	era  period.Era
	code string
}

type eraName struct {
	era period.Era
	key string
}

type eraLevelCode struct {
	era         period.Era
	level, code string
}

// NewIndex indexes a list of units of both eras.
func NewIndex(list []Unit) *Index {
	x := &Index{communes: map[eraCode]Unit{}, byName: map[eraName][]Unit{}, regions: map[eraLevelCode]Unit{}}
	for _, u := range list {
		if u.Level != "commune" {
			x.regions[eraLevelCode{u.Era, u.Level, u.Code}] = u
			continue
		}
		x.communes[eraCode{u.Era, u.Code}] = u
		k := eraName{u.Era, NameKey(u.Name)}
		x.byName[k] = append(x.byName[k], u)
	}
	return x
}

// Commune finds a commune of an era by code.
func (x *Index) Commune(era period.Era, code string) (Unit, bool) {
	u, ok := x.communes[eraCode{era, code}]
	return u, ok
}

// CommunesNamed lists the communes of an era whose name has the NameKey key.
func (x *Index) CommunesNamed(era period.Era, key string) []Unit {
	return x.byName[eraName{era, key}]
}

// Region finds a province or district of an era by code.
func (x *Index) Region(era period.Era, level, code string) (Unit, bool) {
	u, ok := x.regions[eraLevelCode{era, level, code}]
	return u, ok
}

// Parents returns a commune's district (zero before none: from 2025
// communes belong to provinces directly) and province.
func (x *Index) Parents(u Unit) (district, province Unit) {
	if d, ok := x.Region(u.Era, "district", u.ParentCode); ok {
		p, _ := x.Region(u.Era, "province", d.ParentCode)
		return d, p
	}
	p, _ := x.Region(u.Era, "province", u.ParentCode)
	return Unit{}, p
}
