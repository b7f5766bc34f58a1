package main

import (
	"context"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/google/uuid"

	"github.com/bdg-district/bdg/ingest"
)

// driverInsert writes the rows bdg writes for subs (their values and report
// rows, published, version 1) with clickhouse-go v2's columnar batch insert
// and nothing else: no validation, no version claims, no duplicate check.
// It is the ceiling a structured import through the same driver can reach.
func driverInsert(ctx context.Context, conn driver.Conn, subs []ingest.Submission) error {
	n := 0
	for _, s := range subs {
		n += len(s.Values)
	}
	now := time.Now().Truncate(time.Second)
	ids := make([]string, len(subs))
	for i := range subs {
		ids[i] = uuid.NewString()
	}
	vb, err := conn.PrepareBatch(ctx, `INSERT INTO indicator_values (report_id, era, commune_code, period,
		period_start, version, indicator, value, unit, evidence, ev_start, ev_end, confidence, method, created_by, created_at)`)
	if err != nil {
		return fmt.Errorf("driver: values: %w", err)
	}
	defer vb.Abort()
	var (
		rid, era, commune, per, ind, unit, ev, method, by = make([]string, 0, n), make([]string, 0, n), make([]string, 0, n),
			make([]string, 0, n), make([]string, 0, n), make([]string, 0, n), make([]string, 0, n), make([]string, 0, n), make([]string, 0, n)
		start, at         = make([]time.Time, 0, n), make([]time.Time, 0, n)
		version, evS, evE = make([]uint32, 0, n), make([]uint32, 0, n), make([]uint32, 0, n)
		value             = make([]float64, 0, n)
		conf              = make([]float32, 0, n)
	)
	for i, s := range subs {
		for _, v := range s.Values {
			rid, era, commune, per = append(rid, ids[i]), append(era, string(s.Period.Era())), append(commune, s.Commune), append(per, s.Period.String())
			start, version, ind, value = append(start, s.Period.Start()), append(version, 1), append(ind, v.Indicator), append(value, v.Value)
			unit, ev, evS, evE = append(unit, v.Unit), append(ev, ""), append(evS, 0), append(evE, 0)
			conf, method, by, at = append(conf, 1), append(method, v.Method), append(by, s.By), append(at, now)
		}
	}
	for i, col := range []any{rid, era, commune, per, start, version, ind, value, unit, ev, evS, evE, conf, method, by, at} {
		if err := vb.Column(i).Append(col); err != nil {
			return fmt.Errorf("driver: values column %d: %w", i, err)
		}
	}
	if err := vb.Send(); err != nil {
		return fmt.Errorf("driver: values: %w", err)
	}
	rb, err := conn.PrepareBatch(ctx, `INSERT INTO reports (id, era, commune_code, period, period_start, period_end,
		version, status, source_kind, file_name, content_hash, submitted_by, submitted_at, published_by, published_at,
		note, warnings, based_on, decision, conflicts, rev)`)
	if err != nil {
		return fmt.Errorf("driver: reports: %w", err)
	}
	defer rb.Abort()
	m := len(subs)
	var (
		rEra, rCommune, rPer, status, kind, file, hash, rBy, pubBy, note, warn, dec, conflicts = make([]string, m),
			make([]string, m), make([]string, m), make([]string, m), make([]string, m), make([]string, m), make([]string, m),
			make([]string, m), make([]string, m), make([]string, m), make([]string, m), make([]string, m), make([]string, m)
		rStart, rEnd, rAt, pubAt = make([]time.Time, m), make([]time.Time, m), make([]time.Time, m), make([]time.Time, m)
		rVersion, basedOn        = make([]uint32, m), make([]uint32, m)
		rev                      = make([]uint64, m)
	)
	base := uint64(now.UnixNano())
	for i, s := range subs {
		rEra[i], rCommune[i], rPer[i], rStart[i], rEnd[i] = string(s.Period.Era()), s.Commune, s.Period.String(), s.Period.Start(), s.Period.End()
		rVersion[i], status[i], kind[i], hash[i], rBy[i], rAt[i] = 1, "published", s.SourceKind, ids[i], s.By, s.At
		pubBy[i], pubAt[i], warn[i], rev[i] = s.By, s.At, "[]", base+uint64(i)
	}
	for i, col := range []any{ids, rEra, rCommune, rPer, rStart, rEnd, rVersion, status, kind, file, hash, rBy, rAt, pubBy, pubAt,
		note, warn, basedOn, dec, conflicts, rev} {
		if err := rb.Column(i).Append(col); err != nil {
			return fmt.Errorf("driver: reports column %d: %w", i, err)
		}
	}
	if err := rb.Send(); err != nil {
		return fmt.Errorf("driver: reports: %w", err)
	}
	return nil
}
