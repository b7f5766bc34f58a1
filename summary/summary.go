// Package summary writes the office's own report (báo cáo tổng hợp): the
// six-monthly or yearly Word document a district sends to the province (since
// 1 July 2025, a province's communes to the Sở Nội vụ), in the official form,
// from the published figures. It owns the page /summary, which offers the
// download, and the document behind `bdg report`.
//
// Every number comes from the analytics answers the dashboards and the JSON
// API show for the same filters (the commune comparison, completeness and
// quality flags), so the document and the pages cannot disagree.
package summary

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// Analytics is what the report asks of the analytics package.
type Analytics interface {
	CompareCommunes(ctx context.Context, f analytics.CommuneFilter) (*analytics.CommuneComparison, error)
	Completeness(ctx context.Context, f analytics.CompletenessFilter) (*analytics.Completeness, error)
	QualityFlags(ctx context.Context, f analytics.QualityFilter) (*analytics.Quality, error)
	Communes(ctx context.Context, era period.Era) ([]units.Unit, error)
	Catalogue(ctx context.Context) (*catalogue.Catalogue, error)
	PeriodChoices(ctx context.Context) ([]period.Period, error)
	PartYears(ctx context.Context, ps []period.Period) (map[string]bool, error)
	LatestPeriod(ctx context.Context) (period.Period, bool, error)
	AreaName(ctx context.Context) string
	Area() analytics.Area
}

// Override is a validation rule an officer overrode to publish a figure,
// with the reason given: the third section lists them.
type Override struct {
	Commune string // commune code
	Period  period.Period
	Rule    string // the rule's name or message
	Reason  string
	By      string
	At      time.Time
}

// OverrideSource reads the overridden validation rules of a period. It is
// PublishedOverrides reads them from the published versions' decisions;
// with no source the line is left out.
type OverrideSource interface {
	Overrides(ctx context.Context, p period.Period) ([]Override, error)
}

// Data is everything the report says about one area and period, read from
// analytics; Render lays it out in a language.
type Data struct {
	Area     analytics.Area
	AreaName string // "Huyện Bắc Sơn"
	Period   period.Period
	Prev     period.Period
	LastYear period.Period
	Cat      *catalogue.Catalogue
	// Compare is the commune comparison of every catalogue indicator, as
	// /api/v1/compare/communes answers it.
	Compare map[string]*analytics.CommuneComparison
	// Communes are the area's communes in the period's era, by code;
	// Former are the pre-2025 communes (names for the Σ notes).
	Communes []units.Unit
	Former   map[string]units.Unit
	// Reporting is the completeness of the period, or of its two halves
	// when a year was reported as half-years.
	Reporting []analytics.PeriodStatus
	// Pending names the communes whose report awaits review, per Reporting entry.
	Pending   [][]string
	Quality   *analytics.Quality
	Overrides []Override
	// HasOverrides says whether an override source was asked at all.
	HasOverrides bool
	// At is when the figures were read.
	At time.Time
}

// Builder gathers a report's data.
type Builder struct {
	an        Analytics
	overrides OverrideSource
	now       func() time.Time
	log       *slog.Logger
}

// Options configure a Builder.
type Options struct {
	// Overrides reads overridden validation rules; nil leaves the line out.
	Overrides OverrideSource
	Now       func() time.Time
	Logger    *slog.Logger
}

// NewBuilder makes a Builder over analytics.
func NewBuilder(an Analytics, opt Options) *Builder {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	return &Builder{an: an, overrides: opt.Overrides, now: opt.Now, log: opt.Logger}
}

// ParseArea reads an area as the --area flag and ?area= write it
// ("district:185", "province:20").
func ParseArea(s string) (analytics.Area, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			level, code := s[:i], s[i+1:]
			if (level == "district" || level == "province") && code != "" && len(code) <= 5 {
				return analytics.Area{Level: level, Code: code}, true
			}
			return analytics.Area{}, false
		}
	}
	return analytics.Area{}, false
}

// AreaString writes an area as ParseArea reads it.
func AreaString(a analytics.Area) string { return a.Level + ":" + a.Code }

// checkArea accepts the monitored area (or none named): bdg monitors one.
func (b *Builder) checkArea(area string) error {
	if area == "" {
		return nil
	}
	a, ok := ParseArea(area)
	if !ok {
		return apperr.BadRequest("bad_filter", "area", "Địa bàn phải có dạng district:MÃ hoặc province:MÃ",
			"An area is written district:CODE or province:CODE")
	}
	if a != b.an.Area() {
		return apperr.NotFound("unknown_area", "area", "bdg không theo dõi địa bàn này", "bdg does not monitor this area")
	}
	return nil
}

// checkPeriod accepts a period with published figures (a year also when
// its half-years were published).
func (b *Builder) checkPeriod(ctx context.Context, p period.Period) error {
	choices, err := b.an.PeriodChoices(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(choices, p) {
		return apperr.NotFound("no_published_figures", "period", "Chưa có số liệu nào được công bố cho kỳ này",
			"No figures have been published for this period")
	}
	return nil
}

// parallel bounds how many comparisons are computed at once: each is one
// round trip to ClickHouse, and a request must not take every connection.
const parallel = 4

// Build reads the report's data for a period (and the area, which must be
// the one bdg monitors, or empty).
func (b *Builder) Build(ctx context.Context, p period.Period, area string) (*Data, error) {
	if err := b.checkArea(area); err != nil {
		return nil, err
	}
	if err := b.checkPeriod(ctx, p); err != nil {
		return nil, err
	}
	cat, err := b.an.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	d := &Data{Area: b.an.Area(), AreaName: b.an.AreaName(ctx), Period: p, Prev: p.Prev(), LastYear: p.SameLastYear(),
		Cat: cat, Compare: map[string]*analytics.CommuneComparison{}, At: b.now()}
	if d.Communes, err = b.an.Communes(ctx, p.Era()); err != nil {
		return nil, err
	}
	former, err := b.an.Communes(ctx, period.EraPre2025)
	if err != nil {
		return nil, err
	}
	d.Former = map[string]units.Unit{}
	for _, u := range former {
		d.Former[u.Code] = u
	}
	t0 := time.Now()
	if err := b.compareAll(ctx, d); err != nil {
		return nil, err
	}
	t1 := time.Now()
	if err := b.reporting(ctx, d); err != nil {
		return nil, err
	}
	t2 := time.Now()
	if d.Quality, err = b.an.QualityFlags(ctx, analytics.QualityFilter{Period: p}); err != nil {
		return nil, err
	}
	b.log.Debug("summary: figures read", "period", p.String(), "communes", len(d.Communes),
		"compare_ms", t1.Sub(t0).Milliseconds(), "reporting_ms", t2.Sub(t1).Milliseconds(), "quality_ms", time.Since(t2).Milliseconds())
	if b.overrides != nil {
		d.HasOverrides = true
		if d.Overrides, err = b.overrides.Overrides(ctx, p); err != nil {
			// The overrides are a note; the figures do not depend on them.
			b.log.Warn("summary: overrides unavailable", "err", err)
			d.HasOverrides, d.Overrides = false, nil
		}
	}
	return d, nil
}

// compareAll asks for every indicator's commune comparison, a few at a time.
func (b *Builder) compareAll(ctx context.Context, d *Data) error {
	inds := d.Cat.All()
	results := make([]*analytics.CommuneComparison, len(inds))
	errs := make([]error, len(inds))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, ind := range inds {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			results[i], errs[i] = b.an.CompareCommunes(ctx, analytics.CommuneFilter{Period: d.Period, Indicator: ind.Code})
		}()
	}
	wg.Wait()
	for i, ind := range inds {
		if errs[i] != nil {
			return fmt.Errorf("summary: %s: %w", ind.Code, errs[i])
		}
		d.Compare[ind.Code] = results[i]
	}
	return nil
}

// reporting reads who reported: the period itself, or, for a year that the
// communes reported as two half-years, each half.
func (b *Builder) reporting(ctx context.Context, d *Data) error {
	ps := []period.Period{d.Period}
	c, err := b.an.Completeness(ctx, analytics.CompletenessFilter{Periods: ps})
	if err != nil {
		return err
	}
	if d.Period.Kind == period.Year && c.Periods[0].Reported == 0 && c.Periods[0].Pending == 0 {
		ps = []period.Period{{Year: d.Period.Year, Kind: period.Half, N: 1}, {Year: d.Period.Year, Kind: period.Half, N: 2}}
		if c, err = b.an.Completeness(ctx, analytics.CompletenessFilter{Periods: ps}); err != nil {
			return err
		}
	}
	d.Reporting = c.Periods
	d.Pending = make([][]string, len(ps))
	for _, row := range c.Rows {
		for i, cell := range row.Cells {
			if cell.Status == analytics.StatusPending {
				d.Pending[i] = append(d.Pending[i], row.Code)
			}
		}
	}
	return nil
}

// unitOf finds a commune of the period's era.
func (d *Data) unitOf(code string) (units.Unit, bool) {
	for _, u := range d.Communes {
		if u.Code == code {
			return u, true
		}
	}
	return units.Unit{}, false
}
