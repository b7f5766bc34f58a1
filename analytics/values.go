package analytics

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
)

// figureSet holds published figures by era, commune and period: one flat
// map with a struct key, as an answer looks up thousands of figures (no
// period code to format, one lookup instead of three).
type figureSet map[figKey]catalogue.Figures

type figKey struct {
	era     period.Era
	commune string
	p       period.Period
}

func (f figureSet) get(era period.Era, commune string, p period.Period) (catalogue.Figures, bool) {
	x, ok := f[figKey{era, commune, p}]
	return x, ok
}

// published reads the values of the latest published version of every
// report of the given communes and periods, and which (era, commune, period)
// have a published report. A report that exists with no value for an
// indicator leaves it absent (not stated).
//
// Two statements, sent at once: the published versions (PublishedVersionsSQL)
// and the values of every version (VersionValuesSQL), matched here. At
// national scale that is about half the time of one statement filtering the
// values by "(era, commune_code, period, version) IN (subquery)", which
// ClickHouse 18.16 applies row by row, and it needs no subquery on a cluster.
func (s *Service) published(ctx context.Context, communes []string, periods []period.Period, indicators []string) (figureSet, map[string]bool, error) {
	if len(communes) == 0 || len(periods) == 0 {
		return figureSet{}, map[string]bool{}, nil // nothing to ask; an empty set cannot be bound
	}
	pcodes := make([]string, len(periods))
	for i, p := range periods {
		pcodes[i] = p.String()
	}
	type versions struct {
		set map[versionKey]bool
		err error
	}
	done := make(chan versions, 1)
	go func() {
		set, err := s.publishedVersions(ctx, pcodes, communes)
		done <- versions{set, err}
	}()
	var figs figureSet
	var err error
	var rows driver.Rows
	if len(indicators) > 0 {
		rows, err = s.conn.Query(ctx, VersionValuesSQL, store.InSet(pcodes), store.InSet(indicators), store.InSet(communes))
	}
	pub := <-done
	if err != nil {
		return nil, nil, fmt.Errorf("analytics: published values: %w", err)
	}
	if pub.err != nil {
		if rows != nil {
			rows.Close()
		}
		return nil, nil, fmt.Errorf("analytics: published versions: %w", pub.err)
	}
	reported := make(map[string]bool, len(pub.set))
	for k := range pub.set {
		if p, err := period.Parse(k.period); err == nil {
			reported[string(p.Era())+"|"+k.commune+"|"+k.period] = true
		}
	}
	figs = figureSet{}
	if rows != nil {
		if figs, err = scanFigures(rows, pub.set); err != nil {
			return nil, nil, err
		}
	}
	return figs, reported, nil
}

// versionKey names one report version (a period belongs to one era, so the
// era need not be read: one string less to decode per row).
type versionKey struct {
	commune, period string
	version         uint32
}

// PublishedVersionsSQL lists the published version of every report of some
// periods and communes (bound with store.InSet, in that order). A version's
// current status is argMax(status, rev): ClickHouse 18.16 computes it about
// four times faster than FINAL. It reads reports_by_period (migration 14),
// the report rows ordered by period: the reports table keeps a commune's
// periods together, so there an answer about a few periods read them all.
// The benchmarks run these statements directly to compare with the API.
const PublishedVersionsSQL = `SELECT commune_code, period, version FROM reports_by_period
	WHERE period IN ? AND commune_code IN ?
	GROUP BY era, commune_code, period, version HAVING argMax(status, rev) = 'published'`

// VersionValuesSQL reads the values of every version of some periods,
// indicators and communes (bound with store.InSet, in that order), from the
// copy of the values ordered by period, indicator and commune (migration
// 14): each period and indicator asked is one small range of the key, so
// the rows read grow with the periods asked, not with those stored. No
// FINAL: a version's values never change (a replayed insert repeats them
// exactly and GROUP BY folds repeats). "IN (…)" uses the primary key.
const VersionValuesSQL = `SELECT commune_code, period, version, indicator, argMax(value, created_at)
	FROM values_by_period
	WHERE period IN ? AND indicator IN ? AND commune_code IN ?
	GROUP BY commune_code, period, version, indicator`

func (s *Service) publishedVersions(ctx context.Context, pcodes, communes []string) (map[versionKey]bool, error) {
	rows, err := s.conn.Query(ctx, PublishedVersionsSQL, store.InSet(pcodes), store.InSet(communes))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[versionKey]bool{}
	for rows.Next() {
		var k versionKey
		if err := rows.Scan(&k.commune, &k.period, &k.version); err != nil {
			return nil, err
		}
		out[k] = true
	}
	return out, rows.Err()
}

func scanFigures(rows driver.Rows, published map[versionKey]bool) (figureSet, error) {
	defer rows.Close()
	out := figureSet{}
	parsed := map[string]period.Period{} // a few distinct codes, many rows
	for rows.Next() {
		var k versionKey
		var ind string
		var v float64
		if err := rows.Scan(&k.commune, &k.period, &k.version, &ind, &v); err != nil {
			return nil, fmt.Errorf("analytics: published values: %w", err)
		}
		if !published[k] {
			continue
		}
		p, ok := parsed[k.period]
		if !ok {
			var err error
			if p, err = period.Parse(k.period); err != nil {
				continue // not a period bdg stores; nothing can ask for it
			}
			parsed[k.period] = p
		}
		fk := figKey{p.Era(), k.commune, p}
		f := out[fk]
		if f == nil {
			f = catalogue.Figures{}
			out[fk] = f
		}
		f[ind] = v
	}
	return out, rows.Err()
}
