package dashboards

import (
	"slices"
	"strconv"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/jsonw"
	"github.com/bdg-district/bdg/period"
)

// appendCompleteness writes the completeness matrix as JSON by hand,
// exactly as encoding/json would from the struct tags
// (TestCompletenessJSONIsEncodingJSON compares the two). A province's
// matrix is some 16,000 cells, 1.3 MB; reflection took about a quarter of
// the API's time.
func appendCompleteness(b []byte, c *analytics.Completeness) []byte {
	names := map[period.Period]string{} // each period's code, quoted, once
	quoted := func(p period.Period) string {
		q, ok := names[p]
		if !ok {
			q = string(jsonw.AppendString(nil, p.String()))
			names[p] = q
		}
		return q
	}
	cells := 0
	for _, r := range c.Rows {
		cells += len(r.Cells)
	}
	b = slices.Grow(b, 256*len(c.Periods)+96*len(c.Rows)+80*cells)
	b = append(b, `{"periods":`...)
	if c.Periods == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, p := range c.Periods {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"period":`...)
			b = append(b, quoted(p.Period)...)
			b = append(b, `,"deadline":`...)
			b = jsonw.AppendTime(b, p.Deadline)
			for _, f := range []struct {
				name string
				n    int
			}{{"expected", p.Expected}, {"reported", p.Reported}, {"on_time", p.OnTime}, {"late", p.Late},
				{"pending", p.Pending}, {"missing", p.Missing}, {"not_due", p.NotDue}} {
				b = append(b, ',', '"')
				b = append(b, f.name...)
				b = append(b, '"', ':')
				b = strconv.AppendInt(b, int64(f.n), 10)
			}
			b = append(b, `,"missing_communes":`...)
			b = appendJSONStrings(b, p.MissingCodes)
			b = append(b, `,"late_communes":`...)
			b = appendJSONStrings(b, p.LateCodes)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"communes":`...)
	if c.Rows == nil {
		return append(b, "null}"...)
	}
	b = append(b, '[')
	for i, r := range c.Rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"code":`...)
		b = jsonw.AppendString(b, r.Code)
		b = append(b, `,"name":`...)
		b = jsonw.AppendString(b, r.Name)
		b = append(b, `,"type":`...)
		b = jsonw.AppendString(b, r.Type)
		b = append(b, `,"era":`...)
		b = jsonw.AppendString(b, string(r.Era))
		b = append(b, `,"cells":`...)
		if r.Cells == nil {
			b = append(b, "null}"...)
			continue
		}
		b = append(b, '[')
		for j, cell := range r.Cells {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"period":`...)
			b = append(b, quoted(cell.Period)...)
			b = append(b, `,"status":`...)
			b = jsonw.AppendString(b, cell.Status)
			if cell.FirstSentAt != nil {
				b = append(b, `,"first_sent_at":`...)
				b = jsonw.AppendTime(b, *cell.FirstSentAt)
			}
			if cell.Version != 0 {
				b = append(b, `,"published_version":`...)
				b = strconv.AppendUint(b, uint64(cell.Version), 10)
			}
			if cell.Versions != 0 {
				b = append(b, `,"versions":`...)
				b = strconv.AppendUint(b, uint64(cell.Versions), 10)
			}
			if cell.DaysLate != 0 {
				b = append(b, `,"days_late":`...)
				b = strconv.AppendInt(b, int64(cell.DaysLate), 10)
			}
			b = append(b, '}')
		}
		b = append(b, "]}"...)
	}
	return append(b, "]}"...)
}

func appendJSONStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonw.AppendString(b, s)
	}
	return append(b, ']')
}
