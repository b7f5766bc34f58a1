// Package analytics answers the district's questions about its communes'
// figures: comparisons, trends, completeness, profiles, data quality. Each
// query takes a context and typed filters and returns plain structs that the
// pages and the JSON API share. Only the latest published version of each
// report is read.
package analytics

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// Area is the territory a bdg instance monitors: a pre-2025 district (huyện,
// level "district") or a 2025 province (level "province"). Its communes in
// the other era are found through the 2025 lineage.
type Area struct {
	Level string `json:"level"`
	Code  string `json:"code"`
}

// Options configures a Service.
type Options struct {
	Area Area
	// DeadlineDays is how many days after a period's end a report is on time,
	// per period kind; kinds not listed use DefaultDeadlineDays.
	DeadlineDays map[period.Kind]int
	Now          func() time.Time
	Logger       *slog.Logger
}

// DefaultDeadlineDays is the default grace after a period's end: reports are
// due by the 15th of the following month in practice.
const DefaultDeadlineDays = 15

// CatalogueSource reads the current indicator catalogue.
type CatalogueSource interface {
	Catalogue(ctx context.Context) (*catalogue.Catalogue, error)
}

// Service runs analytics queries against ClickHouse.
type Service struct {
	conn driver.Conn
	cat  CatalogueSource
	opt  Options
	log  *slog.Logger

	mu      sync.Mutex
	cache   resultCache
	unitMap map[period.Era]map[string]units.Unit // commune code → unit, per era
	others  map[period.Era]map[string]units.Unit // "level:code" → province or district
	lineage []units.Link
	// Links by new and by old code: every figure of a 2025 commune before the
	// reform asks for its predecessors, hundreds of times per answer.
	byNew, byOld map[string][]units.Link
	area         map[period.Era][]units.Unit // the area's communes, by code
}

// New makes a Service.
func New(conn driver.Conn, cat CatalogueSource, opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{conn: conn, cat: cat, opt: opt, log: opt.Logger}
}

// Area returns the configured area.
func (s *Service) Area() Area { return s.opt.Area }

// Catalogue returns the current catalogue.
func (s *Service) Catalogue(ctx context.Context) (*catalogue.Catalogue, error) {
	c, err := s.cat.Catalogue(ctx)
	if err != nil {
		return nil, fmt.Errorf("analytics: %w", err)
	}
	return c, nil
}

// indicator finds an indicator or returns a typed bad-request error.
func (s *Service) indicator(ctx context.Context, code string) (*catalogue.Catalogue, catalogue.Indicator, error) {
	c, err := s.Catalogue(ctx)
	if err != nil {
		return nil, catalogue.Indicator{}, err
	}
	ind, ok := c.Get(code)
	if !ok {
		return nil, catalogue.Indicator{}, filterError("indicator", "Chỉ tiêu không có trong danh mục", "Indicator not in the catalogue")
	}
	return c, ind, nil
}

// filterError is a bad filter value (400), shown in both languages.
func filterError(field, vi, en string) *apperr.Error {
	return apperr.BadRequest("bad_filter", field, vi, en)
}

// loadUnits caches the unit list and lineage (reference data that changes
// only with a release of the unit lists).
func (s *Service) loadUnits(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unitMap != nil {
		return nil
	}
	rows, err := s.conn.Query(ctx, `SELECT era, level, code, name, type, parent_code FROM units FINAL`)
	if err != nil {
		return fmt.Errorf("analytics: units: %w", err)
	}
	defer rows.Close()
	m := map[period.Era]map[string]units.Unit{period.EraPre2025: {}, period.Era2025: {}}
	other := map[period.Era]map[string]units.Unit{period.EraPre2025: {}, period.Era2025: {}}
	for rows.Next() {
		var u units.Unit
		var era string
		if err := rows.Scan(&era, &u.Level, &u.Code, &u.Name, &u.Type, &u.ParentCode); err != nil {
			return fmt.Errorf("analytics: units: %w", err)
		}
		u.Era = period.Era(era)
		u = u.Spelt()
		if u.Level == "commune" {
			m[u.Era][u.Code] = u
		} else {
			other[u.Era][u.Level+":"+u.Code] = u
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	lrows, err := s.conn.Query(ctx, `SELECT old_code, old_name, new_code, new_name, kind FROM unit_lineage FINAL WHERE length(old_code) = 5
		ORDER BY new_code, old_code`) // one order, on one server or many shards
	if err != nil {
		return fmt.Errorf("analytics: lineage: %w", err)
	}
	defer lrows.Close()
	var links []units.Link
	for lrows.Next() {
		var l units.Link
		if err := lrows.Scan(&l.OldCode, &l.OldName, &l.NewCode, &l.NewName, &l.Kind); err != nil {
			return err
		}
		links = append(links, l.Spelt())
	}
	s.byNew, s.byOld = map[string][]units.Link{}, map[string][]units.Link{}
	for _, l := range links {
		s.byNew[l.NewCode] = append(s.byNew[l.NewCode], l)
		s.byOld[l.OldCode] = append(s.byOld[l.OldCode], l)
	}
	s.unitMap, s.lineage = m, links
	s.others = other
	s.area = map[period.Era][]units.Unit{}
	for _, era := range []period.Era{period.EraPre2025, period.Era2025} {
		s.area[era] = s.areaCommunes(era)
	}
	return lrows.Err()
}

// Unit returns a commune of an era.
func (s *Service) Unit(ctx context.Context, era period.Era, code string) (units.Unit, bool, error) {
	if err := s.loadUnits(ctx); err != nil {
		return units.Unit{}, false, err
	}
	u, ok := s.unitMap[era][code]
	return u, ok, nil
}

// AreaName is the area's full name ("Huyện Bắc Sơn").
func (s *Service) AreaName(ctx context.Context) string {
	if err := s.loadUnits(ctx); err != nil {
		return s.opt.Area.Code
	}
	era := period.EraPre2025
	if s.opt.Area.Level == "province" {
		era = period.Era2025
	}
	if u, ok := s.others[era][s.opt.Area.Level+":"+s.opt.Area.Code]; ok {
		return u.FullName()
	}
	return s.opt.Area.Code
}

// Communes lists the area's communes in an era, by code.
func (s *Service) Communes(ctx context.Context, era period.Era) ([]units.Unit, error) {
	if err := s.loadUnits(ctx); err != nil {
		return nil, err
	}
	return slices.Clone(s.area[era]), nil // callers may append or sort
}

// areaCommunes works out the area's communes in an era from the unit lists
// (once, when they are loaded: every answer asks for them).
func (s *Service) areaCommunes(era period.Era) []units.Unit {
	a := s.opt.Area
	home := period.EraPre2025
	if a.Level == "province" {
		home = period.Era2025
	}
	set := map[string]bool{}
	for code, u := range s.unitMap[home] {
		if s.inArea(u) {
			set[code] = true
		}
	}
	if era != home {
		mapped := map[string]bool{}
		for _, l := range s.lineage {
			if home == period.EraPre2025 && set[l.OldCode] {
				mapped[l.NewCode] = true
			}
			if home == period.Era2025 && set[l.NewCode] {
				mapped[l.OldCode] = true
			}
		}
		set = mapped
	}
	var out []units.Unit
	for code := range set {
		if u, ok := s.unitMap[era][code]; ok {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func (s *Service) inArea(u units.Unit) bool {
	a := s.opt.Area
	if u.ParentCode == a.Code {
		return true
	}
	// A pre-2025 commune's parent is its district; its province is one up.
	if a.Level == "province" && u.Era == period.EraPre2025 {
		if d, ok := s.others[u.Era]["district:"+u.ParentCode]; ok {
			return d.ParentCode == a.Code
		}
	}
	return false
}

// Predecessors lists the lineage links into a 2025 commune.
func (s *Service) Predecessors(ctx context.Context, newCode string) ([]units.Link, error) {
	if err := s.loadUnits(ctx); err != nil {
		return nil, err
	}
	return slices.Clone(s.byNew[newCode]), nil
}

// Successors lists the lineage links out of a pre-2025 commune.
func (s *Service) Successors(ctx context.Context, oldCode string) ([]units.Link, error) {
	if err := s.loadUnits(ctx); err != nil {
		return nil, err
	}
	return slices.Clone(s.byOld[oldCode]), nil
}

func codes(list []units.Unit) []string {
	out := make([]string, len(list))
	for i, u := range list {
		out[i] = u.Code
	}
	return out
}
