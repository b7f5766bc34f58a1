package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
)

// ReportFilter selects report versions of the area's communes.
type ReportFilter struct {
	Period  period.Period // zero: every period
	Commune string        // empty: every commune
	Era     period.Era    // with Commune: which unit the code names
	Status  string        // draft, published, superseded; empty: all
	ID      string        // one report version
	Limit   int           // 0: DefaultReportLimit
}

// DefaultReportLimit bounds a report list.
const DefaultReportLimit = 500

// ReportVersion is one submitted version of a commune's report.
type ReportVersion struct {
	ID          string        `json:"id"`
	Era         period.Era    `json:"era"`
	Commune     string        `json:"commune"`
	CommuneName string        `json:"commune_name"`
	CommuneType string        `json:"commune_type"`
	Period      period.Period `json:"period"`
	Version     uint32        `json:"version"`
	Status      string        `json:"status"`
	SourceKind  string        `json:"source_kind"`
	FileName    string        `json:"file_name,omitempty"`
	ContentHash string        `json:"content_hash,omitempty"`
	HasText     bool          `json:"has_text"`
	SubmittedBy string        `json:"submitted_by"`
	SubmittedAt time.Time     `json:"submitted_at"`
	PublishedBy string        `json:"published_by,omitempty"`
	PublishedAt *time.Time    `json:"published_at,omitempty"`
	Note        string        `json:"note,omitempty"`
	Warnings    []string      `json:"warnings"`
	Values      uint64        `json:"values"`
}

const reportsQuery = `SELECT id, era, commune_code, period, version, status, source_kind, file_name, content_hash,
	submitted_by, submitted_at, published_by, published_at, note, warnings
FROM reports FINAL
WHERE commune_code IN ? AND concat(era, '|', commune_code) IN ? %s
ORDER BY submitted_at DESC, commune_code, period, version DESC
LIMIT %d`

// Reports lists report versions of the area's communes, newest first.
func (s *Service) Reports(ctx context.Context, f ReportFilter) ([]ReportVersion, error) {
	communes, err := s.bothEras(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string][2]string{}
	var keys []string
	for era, list := range communes {
		for _, u := range list {
			k := string(era) + "|" + u.Code
			names[k] = [2]string{u.Name, u.Type}
			if f.Commune == "" || (u.Code == f.Commune && (f.Era == "" || f.Era == era)) {
				keys = append(keys, k)
			}
		}
	}
	if len(keys) == 0 {
		return []ReportVersion{}, nil
	}
	var where []string
	var codeList []string
	for _, k := range keys {
		codeList = append(codeList, k[strings.IndexByte(k, '|')+1:])
	}
	args := []any{store.InSet(codeList), store.InSet(keys)}
	if !f.Period.IsZero() {
		where = append(where, "AND period = ?")
		args = append(args, f.Period.String())
	}
	if f.ID != "" {
		where = append(where, "AND id = ?")
		args = append(args, f.ID)
	}
	switch f.Status {
	case "":
	case "draft", "published", "superseded":
		where = append(where, "AND status = ?")
		args = append(args, f.Status)
	default:
		return nil, filterError("status", "Trạng thái không hợp lệ", "Invalid status")
	}
	limit := f.Limit
	if limit <= 0 || limit > DefaultReportLimit {
		limit = DefaultReportLimit
	}
	// 18.16 has no correlated subqueries: values are counted in a second query.
	rows, err := s.conn.Query(ctx, fmt.Sprintf(reportsQuery, strings.Join(where, " "), limit), args...)
	if err != nil {
		return nil, fmt.Errorf("analytics: reports: %w", err)
	}
	defer rows.Close()
	var out []ReportVersion
	for rows.Next() {
		var r ReportVersion
		var era, per, warn string
		var pub time.Time
		if err := rows.Scan(&r.ID, &era, &r.Commune, &per, &r.Version, &r.Status, &r.SourceKind, &r.FileName,
			&r.ContentHash, &r.SubmittedBy, &r.SubmittedAt, &r.PublishedBy, &pub, &r.Note, &warn); err != nil {
			return nil, fmt.Errorf("analytics: reports: %w", err)
		}
		r.Era = period.Era(era)
		if r.Period, err = period.Parse(per); err != nil {
			continue
		}
		if pub.Year() > 1971 {
			p := pub.UTC()
			r.PublishedAt = &p
		}
		r.SubmittedAt = r.SubmittedAt.UTC()
		_ = json.Unmarshal([]byte(warn), &r.Warnings)
		if r.Warnings == nil {
			r.Warnings = []string{}
		}
		n := names[era+"|"+r.Commune]
		r.CommuneName, r.CommuneType = n[0], n[1]
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("analytics: reports: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	counts, err := s.valueCounts(ctx, out)
	if err != nil {
		return nil, err
	}
	texts, err := s.withText(ctx, out)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Values = counts[out[i].ID]
		out[i].HasText = texts[out[i].ContentHash]
	}
	return out, nil
}

// valueCounts counts the indicators of each listed version. The communes and
// periods narrow the read to the primary key; uniqExact folds replayed
// inserts without FINAL. (18.16 has no correlated subqueries, and on a
// cluster report_files and reports live on different shards, so these are
// separate queries rather than subqueries of the listing.)
func (s *Service) valueCounts(ctx context.Context, list []ReportVersion) (map[string]uint64, error) {
	var ids, communes, periods []string
	for _, r := range list {
		ids, communes, periods = append(ids, r.ID), append(communes, r.Commune), append(periods, r.Period.String())
	}
	rows, err := s.conn.Query(ctx, `SELECT report_id, uniqExact(indicator) FROM indicator_values
		WHERE commune_code IN ? AND period IN ? AND report_id IN ? GROUP BY report_id`,
		store.InSet(communes), store.InSet(periods), store.InSet(ids))
	if err != nil {
		return nil, fmt.Errorf("analytics: value counts: %w", err)
	}
	defer rows.Close()
	out := map[string]uint64{}
	for rows.Next() {
		var id string
		var n uint64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// withText tells which of the versions' files have a readable text.
func (s *Service) withText(ctx context.Context, list []ReportVersion) (map[string]bool, error) {
	var hashes []string
	for _, r := range list {
		if r.ContentHash != "" {
			hashes = append(hashes, r.ContentHash)
		}
	}
	out := map[string]bool{}
	if len(hashes) == 0 {
		return out, nil
	}
	rows, err := s.conn.Query(ctx, `SELECT DISTINCT content_hash FROM report_files WHERE content_hash IN ? AND text != ''`, store.InSet(hashes))
	if err != nil {
		return nil, fmt.Errorf("analytics: report texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out[h] = true
	}
	return out, rows.Err()
}

// Evidence is one value of a report with the sentence it was read from;
// Start and End are rune offsets into the report's normalised text.
type Evidence struct {
	Indicator string  `json:"indicator"`
	Value     float64 `json:"value"`
	Evidence  string  `json:"evidence"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
	Method    string  `json:"method"`
}

// ReportText is a report version with its normalised text and evidence.
type ReportText struct {
	Report   ReportVersion `json:"report"`
	FileName string        `json:"file_name"`
	Text     string        `json:"text"`
	Values   []Evidence    `json:"values"`
}

// Report returns one report version of the area with its text and the
// evidence of each value; ok is false when there is no such report.
func (s *Service) Report(ctx context.Context, id string) (*ReportText, bool, error) {
	list, err := s.reportByID(ctx, id)
	if err != nil || len(list) == 0 {
		return nil, false, err
	}
	out := &ReportText{Report: list[0], Values: []Evidence{}}
	if out.Report.ContentHash != "" {
		rows, err := s.conn.Query(ctx, `SELECT file_name, text FROM report_files FINAL WHERE content_hash = ? LIMIT 1`, out.Report.ContentHash)
		if err != nil {
			return nil, false, fmt.Errorf("analytics: report text: %w", err)
		}
		if rows.Next() {
			err = rows.Scan(&out.FileName, &out.Text)
		}
		rows.Close()
		if err != nil {
			return nil, false, fmt.Errorf("analytics: report text: %w", err)
		}
	}
	rows, err := s.conn.Query(ctx, `SELECT indicator, value, evidence, ev_start, ev_end, method
		FROM indicator_values FINAL WHERE report_id = ? ORDER BY ev_start, indicator`, id)
	if err != nil {
		return nil, false, fmt.Errorf("analytics: report values: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Evidence
		var st, en uint32
		if err := rows.Scan(&e.Indicator, &e.Value, &e.Evidence, &st, &en, &e.Method); err != nil {
			return nil, false, fmt.Errorf("analytics: report values: %w", err)
		}
		e.Start, e.End = int(st), int(en)
		out.Values = append(out.Values, e)
	}
	return out, true, rows.Err()
}

func (s *Service) reportByID(ctx context.Context, id string) ([]ReportVersion, error) {
	return s.Reports(ctx, ReportFilter{ID: id, Limit: 1})
}
