package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// SaveFile stores a received file; the same hash twice collapses to one row.
func (s *Store) SaveFile(ctx context.Context, f model.File) error {
	return s.SaveFiles(ctx, []model.File{f})
}

// SaveFiles stores many received files in one insert.
func (s *Store) SaveFiles(ctx context.Context, fs []model.File) error {
	if len(fs) == 0 {
		return nil
	}
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO report_files (content_hash, file_name, bytes, text, received_at)")
	if err != nil {
		return fmt.Errorf("store: save file: %w", err)
	}
	defer b.Abort()
	for _, f := range fs {
		// received_at is also the row's version: the same bytes received
		// again (under another name, say) keep the latest receipt's row.
		at := f.ReceivedAt
		if at.IsZero() {
			at = time.Now()
		}
		if err := b.Append(f.Hash, f.Name, string(f.Bytes), f.Text, at); err != nil {
			return fmt.Errorf("store: save file: %w", err)
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("store: save file: %w", err)
	}
	return nil
}

// FileText returns the normalised text and name of a stored file.
func (s *Store) FileText(ctx context.Context, hash string) (name, text string, err error) {
	rows, err := s.Conn.Query(ctx, "SELECT file_name, text FROM report_files FINAL WHERE content_hash = ? LIMIT 1", hash)
	if err != nil {
		return "", "", fmt.Errorf("store: file text: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		err = rows.Scan(&name, &text)
	}
	return name, text, err
}

// SaveReport writes a report version's values, then its row. Values go first
// so that a report is never visible without them; rewriting the same version
// (a spool replay) replaces rather than duplicates, as both tables are
// ReplacingMergeTrees keyed on the version.
func (s *Store) SaveReport(ctx context.Context, r model.Report, vals []model.Value) error {
	return s.SaveVersions(ctx, []model.Version{{Report: r, Values: vals}}, nil)
}

// SaveVersions writes many report versions in few inserts (the values, then
// the report rows), plus status rows for versions they supersede. Bulk
// imports use it: ClickHouse prefers few large inserts to many small ones.
func (s *Store) SaveVersions(ctx context.Context, versions []model.Version, statusRows []model.Report) error {
	n := 0
	for _, v := range versions {
		n += len(v.Values)
	}
	if n < parallelValues || len(versions) < 2 {
		return s.saveVersions(ctx, versions, statusRows, n)
	}
	// Parts written at once, each its values then its report rows. All
	// rows of one commune and period stay in one part: a version's published
	// row and the row that later supersedes it must keep their order (rev)
	// within one insert.
	type key struct {
		era     period.Era
		commune string
		p       period.Period
	}
	parts := min(writeParts, len(versions))
	vs := make([][]model.Version, parts)
	rs := make([][]model.Report, parts)
	part := map[key]int{}
	m := 0
	for _, v := range versions {
		k := key{v.Report.Era, v.Report.Commune, v.Report.Period}
		i, seen := part[k]
		if !seen {
			i = min(m*parts/n, parts-1)
			part[k] = i
		}
		vs[i] = append(vs[i], v)
		m += len(v.Values)
	}
	for _, r := range statusRows {
		i := part[key{r.Era, r.Commune, r.Period}] // a key of no version goes to part 0
		rs[i] = append(rs[i], r)
	}
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.saveVersions(ctx, vs[i], rs[i], -1)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// writeParts is how many inserts a large batch is split into, sent at once
// on as many connections: ClickHouse parses and sorts each insert on one
// thread. On this 2-core machine, 600,000 values went in fastest in 2
// parts; 3 or 4 were 10-20% slower.
const writeParts = 2

// parallelValues is the number of values from which SaveVersions splits a
// batch into writeParts inserts sent at once.
const parallelValues = 20000

// saveVersions writes the values (n of them, or -1 to count), then the
// report rows of the versions, then the status rows. A failure leaves no
// report row pointing at missing values; a retry rewrites the same keys,
// which the ReplacingMergeTrees fold.
func (s *Store) saveVersions(ctx context.Context, versions []model.Version, statusRows []model.Report, n int) error {
	if len(versions) > 0 {
		if err := s.insertValues(ctx, versions, n); err != nil {
			return err
		}
	}
	rows := make([]model.Report, 0, len(versions)+len(statusRows))
	for _, v := range versions {
		rows = append(rows, v.Report)
	}
	return s.writeReportRows(ctx, append(rows, statusRows...))
}

// insertValues sends the values of versions in one insert; n is their
// number, or -1 to count them.
func (s *Store) insertValues(ctx context.Context, versions []model.Version, n int) error {
	if n < 0 {
		n = 0
		for _, v := range versions {
			n += len(v.Values)
		}
	}
	if n == 0 {
		return nil
	}
	b, err := s.Conn.PrepareBatch(ctx, `INSERT INTO indicator_values (report_id, era, commune_code, period,
		period_start, version, indicator, value, unit, evidence, ev_start, ev_end, confidence, method, created_by, created_at)`)
	if err != nil {
		return fmt.Errorf("store: save values: %w", err)
	}
	defer b.Abort()
	// Column by column: a national import is millions of values, and the
	// driver appends a whole slice per column far faster than row by row.
	var (
		ids, eras, communes, pers, inds, units, evs, methods, bys = make([]string, 0, n), make([]string, 0, n),
			make([]string, 0, n), make([]string, 0, n), make([]string, 0, n), make([]string, 0, n), make([]string, 0, n),
			make([]string, 0, n), make([]string, 0, n)
		starts, ats           = make([]time.Time, 0, n), make([]time.Time, 0, n)
		versionsCol, evS, evE = make([]uint32, 0, n), make([]uint32, 0, n), make([]uint32, 0, n)
		vals                  = make([]float64, 0, n)
		confs                 = make([]float32, 0, n)
	)
	for _, ver := range versions {
		r := ver.Report
		per, start := r.Period.String(), r.Period.Start()
		for _, v := range ver.Values {
			at := v.CreatedAt
			if at.IsZero() {
				at = r.SubmittedAt
			}
			by := v.CreatedBy
			if by == "" {
				by = r.SubmittedBy
			}
			ids, eras, communes, pers = append(ids, r.ID), append(eras, string(r.Era)), append(communes, r.Commune), append(pers, per)
			starts, versionsCol, inds, vals = append(starts, start), append(versionsCol, r.Version), append(inds, v.Indicator), append(vals, v.Value)
			units, evs = append(units, v.Unit), append(evs, v.Evidence)
			evS, evE = append(evS, uint32(max(v.Start, 0))), append(evE, uint32(max(v.End, 0)))
			confs, methods, bys, ats = append(confs, float32(v.Confidence)), append(methods, v.Method), append(bys, by), append(ats, at)
		}
	}
	for i, col := range []any{ids, eras, communes, pers, starts, versionsCol, inds, vals, units, evs, evS, evE, confs, methods, bys, ats} {
		if err := b.Column(i).Append(col); err != nil {
			return fmt.Errorf("store: save values: column %d: %w", i, err)
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("store: save values: %w", err)
	}
	return nil
}

// SetStatus records a new status for an existing report version.
func (s *Store) SetStatus(ctx context.Context, r model.Report) error {
	return s.writeReportRows(ctx, []model.Report{r})
}

func (s *Store) writeReportRows(ctx context.Context, rs []model.Report) error {
	if len(rs) == 0 {
		return nil
	}
	b, err := s.Conn.PrepareBatch(ctx, `INSERT INTO reports (id, era, commune_code, period, period_start, period_end,
		version, status, source_kind, file_name, content_hash, submitted_by, submitted_at, published_by, published_at,
		note, warnings, based_on, decision, conflicts, rev)`)
	if err != nil {
		return fmt.Errorf("store: save report: %w", err)
	}
	defer b.Abort()
	rev := uint64(time.Now().UnixNano())
	n := len(rs)
	// Column by column, as for values: a national import writes tens of
	// thousands of report rows at once.
	var (
		ids, eras, communes, pers, statuses, kinds, files, hashes, bys, pubBys, notes, warns = make([]string, n),
			make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n),
			make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		decisions, conflicts    = make([]string, n), make([]string, n)
		starts, ends, ats, pubs = make([]time.Time, n), make([]time.Time, n), make([]time.Time, n), make([]time.Time, n)
		versions, basedOn       = make([]uint32, n), make([]uint32, n)
		revs                    = make([]uint64, n)
	)
	for i, r := range rs {
		warns[i] = "[]"
		if len(r.Warnings) > 0 {
			w, _ := json.Marshal(r.Warnings)
			warns[i] = string(w)
		}
		pubs[i] = r.PublishedAt
		if pubs[i].IsZero() {
			pubs[i] = openStart
		}
		ids[i], eras[i], communes[i], pers[i] = r.ID, string(r.Era), r.Commune, r.Period.String()
		starts[i], ends[i], versions[i], statuses[i] = r.Period.Start(), r.Period.End(), r.Version, r.Status
		kinds[i], files[i], hashes[i], bys[i], ats[i] = r.SourceKind, r.FileName, r.ContentHash, r.SubmittedBy, r.SubmittedAt
		pubBys[i], notes[i], basedOn[i] = r.PublishedBy, r.Note, r.BasedOn
		decisions[i], conflicts[i] = jsonOrEmpty(r.Decision), jsonOrEmpty(r.Conflicts)
		revs[i] = rev + uint64(i) // later rows of one batch win over earlier ones for the same version
	}
	for i, col := range []any{ids, eras, communes, pers, starts, ends, versions, statuses, kinds, files, hashes, bys, ats,
		pubBys, pubs, notes, warns, basedOn, decisions, conflicts, revs} {
		if err := b.Column(i).Append(col); err != nil {
			return fmt.Errorf("store: save report: column %d: %w", i, err)
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("store: save report: %w", err)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const reportCols = `id, era, commune_code, period, version, status, source_kind, file_name, content_hash,
	submitted_by, submitted_at, published_by, published_at, note, warnings, based_on, decision, conflicts`

// Reports lists report versions, newest submission first.
func (s *Store) Reports(ctx context.Context, f model.ReportFilter) ([]model.Report, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.Era != "" {
		add("era = ?", string(f.Era))
	}
	if len(f.Communes) > 0 {
		add("commune_code IN ?", InSet(f.Communes))
	}
	if f.Period != "" {
		add("period = ?", f.Period)
		// The partition key is the year of period_start: naming it lets
		// ClickHouse skip the other years' parts.
		if p, err := period.Parse(f.Period); err == nil {
			add("period_start = toDate(?)", p.Start().Format("2006-01-02")) // a date, whatever the zones

		}
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.ID != "" {
		add("id = ?", f.ID)
	}
	if f.Hash != "" {
		add("content_hash = ?", f.Hash)
	}
	q := "SELECT " + reportCols + " FROM reports FINAL"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY submitted_at DESC, commune_code, period, version DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.Conn.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: reports: %w", err)
	}
	defer rows.Close()
	var out []model.Report
	for rows.Next() {
		var r model.Report
		var era, per, warn, decision, conflicts string
		if err := rows.Scan(&r.ID, &era, &r.Commune, &per, &r.Version, &r.Status, &r.SourceKind, &r.FileName,
			&r.ContentHash, &r.SubmittedBy, &r.SubmittedAt, &r.PublishedBy, &r.PublishedAt, &r.Note, &warn, &r.BasedOn,
			&decision, &conflicts); err != nil {
			return nil, fmt.Errorf("store: reports: %w", err)
		}
		r.Era = period.Era(era)
		if r.Period, err = period.Parse(per); err != nil {
			return nil, fmt.Errorf("store: report %s: %w", r.ID, err)
		}
		if !r.PublishedAt.After(openStart) {
			r.PublishedAt = time.Time{}
		}
		_ = json.Unmarshal([]byte(warn), &r.Warnings)
		r.Warnings = nonNil(r.Warnings)
		if decision != "" {
			r.Decision = &model.Decision{}
			_ = json.Unmarshal([]byte(decision), r.Decision)
		}
		if conflicts != "" {
			_ = json.Unmarshal([]byte(conflicts), &r.Conflicts)
		}
		legacyCorrection(&r)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Values returns the values of one report version.
func (s *Store) Values(ctx context.Context, r model.Report) ([]model.Value, error) {
	rows, err := s.Conn.Query(ctx, `SELECT indicator, value, unit, evidence, ev_start, ev_end, confidence, method,
		created_by, created_at FROM indicator_values FINAL
		WHERE era = ? AND period = ? AND commune_code = ? AND version = ? ORDER BY indicator`,
		string(r.Era), r.Period.String(), r.Commune, r.Version)
	if err != nil {
		return nil, fmt.Errorf("store: values: %w", err)
	}
	defer rows.Close()
	var out []model.Value
	for rows.Next() {
		var v model.Value
		var st, en uint32
		var conf float32
		if err := rows.Scan(&v.Indicator, &v.Value, &v.Unit, &v.Evidence, &st, &en, &conf, &v.Method, &v.CreatedBy, &v.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: values: %w", err)
		}
		v.Start, v.End, v.Confidence = int(st), int(en), float64(conf)
		out = append(out, v)
	}
	return out, rows.Err()
}

// jsonOrEmpty is v as JSON, or "" for nil and empty lists.
func jsonOrEmpty(v any) string {
	switch x := v.(type) {
	case *model.Decision:
		if x == nil {
			return ""
		}
	case []model.Conflict:
		if len(x) == 0 {
			return ""
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// legacyNote is how corrections were marked before based_on existed: a
// note starting "correction of version N: ".
var legacyNote = regexp.MustCompile(`^correction of version (\d+): ?`)

// legacyCorrection reads an older correction's base version out of its
// note, so that every correction carries BasedOn whenever it was made.
func legacyCorrection(r *model.Report) {
	if r.BasedOn != 0 {
		return
	}
	if m := legacyNote.FindStringSubmatch(r.Note); m != nil {
		v, _ := strconv.Atoi(m[1])
		r.BasedOn, r.Note = uint32(v), r.Note[len(m[0]):]
	}
}

// Waiting lists the report versions of communes that wait for a decision,
// newest submission first: drafts that are the newest version of their
// commune and period (an older draft was replaced; a withdrawn one left).
func (s *Store) Waiting(ctx context.Context, communes []string) ([]model.Report, error) {
	if len(communes) == 0 {
		return nil, nil
	}
	drafts, err := s.Reports(ctx, model.ReportFilter{Communes: communes, Status: model.StatusDraft})
	if err != nil || len(drafts) == 0 {
		return nil, err
	}
	seen := map[string]bool{}
	var with []string
	for _, r := range drafts {
		if !seen[r.Commune] {
			seen[r.Commune] = true
			with = append(with, r.Commune)
		}
	}
	rows, err := s.Conn.Query(ctx, `SELECT era, commune_code, period, max(version) FROM reports
		WHERE commune_code IN ? GROUP BY era, commune_code, period`, InSet(with))
	if err != nil {
		return nil, fmt.Errorf("store: waiting: %w", err)
	}
	defer rows.Close()
	type key struct{ era, commune, period string }
	newest := map[key]uint32{}
	for rows.Next() {
		var k key
		var v uint32
		if err := rows.Scan(&k.era, &k.commune, &k.period, &v); err != nil {
			return nil, fmt.Errorf("store: waiting: %w", err)
		}
		newest[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []model.Report
	for _, r := range drafts {
		if newest[key{string(r.Era), r.Commune, r.Period.String()}] == r.Version {
			out = append(out, r)
		}
	}
	return out, nil
}
