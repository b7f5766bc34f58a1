package analytics

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/units"
)

// Report states of a commune in a period, for the completeness matrix.
const (
	StatusOnTime  = "on_time" // published, first sent by the deadline
	StatusLate    = "late"    // published, first sent after the deadline
	StatusPending = "pending" // received but no version published yet
	StatusMissing = "missing" // nothing received and the deadline has passed
	StatusNotDue  = "not_due" // nothing received yet, the deadline is still ahead
	StatusNone    = "n/a"     // the commune did not exist in that period
)

// Vietnam keeps one offset all year: deadlines end at midnight there.
var vietnam = time.FixedZone("ICT", 7*3600)

// CompletenessFilter selects the periods of a completeness view.
type CompletenessFilter struct {
	// Periods to show; empty means every half-year with a published report.
	Periods []period.Period
}

// PeriodStatus counts one period's reports.
type PeriodStatus struct {
	Period   period.Period `json:"period"`
	Deadline time.Time     `json:"deadline"`
	Expected int           `json:"expected"`
	Reported int           `json:"reported"` // published, on time or late
	OnTime   int           `json:"on_time"`
	Late     int           `json:"late"`
	Pending  int           `json:"pending"`
	Missing  int           `json:"missing"`
	NotDue   int           `json:"not_due"`
	// MissingCodes and LateCodes name the communes.
	MissingCodes []string `json:"missing_communes"`
	LateCodes    []string `json:"late_communes"`
}

// Cell is one commune's report state in one period.
type Cell struct {
	Period      period.Period `json:"period"`
	Status      string        `json:"status"`
	FirstSentAt *time.Time    `json:"first_sent_at,omitempty"`
	Version     uint32        `json:"published_version,omitempty"`
	Versions    uint32        `json:"versions,omitempty"`
	DaysLate    int           `json:"days_late,omitempty"`
	// Waiting is the id of the version waiting for review (pending cells).
	Waiting string `json:"waiting_report,omitempty"`
}

// CompletenessRow is one commune's row of the matrix.
type CompletenessRow struct {
	Code  string     `json:"code"`
	Name  string     `json:"name"`
	Type  string     `json:"type"`
	Era   period.Era `json:"era"`
	Cells []Cell     `json:"cells"`
}

// Completeness says, per period, which communes reported, on time or late,
// and which did not.
type Completeness struct {
	Periods []PeriodStatus    `json:"periods"`
	Rows    []CompletenessRow `json:"communes"`
}

// Deadline is when a report for p is due: the end of the day DeadlineDays
// (per period kind, default DefaultDeadlineDays) after the period ends, in
// Vietnam's time.
func (s *Service) Deadline(p period.Period) time.Time {
	days, ok := s.opt.DeadlineDays[p.Kind]
	if !ok {
		days = DefaultDeadlineDays
	}
	e := p.End()
	return time.Date(e.Year(), e.Month(), e.Day()+days+1, 0, 0, 0, 0, vietnam)
}

// completenessQuery reads every version of the communes' reports in the
// periods: its current status and submission time (of its newest rev), and
// its id when it is not published (the id a pending cell shows; ids are the
// widest column, and most versions are published). sentSet.add folds the
// versions into cells in Go: on 18.16 a second GROUP BY here, per commune
// and period, doubled the statement's time. reports_by_period (migration 14)
// holds the report rows by period, so the periods asked are what is read.
const completenessQuery = `SELECT commune_code, period, version,
	argMax(status, rev) AS st, argMax(submitted_at, rev), if(st = 'published', '', any(id))
FROM reports_by_period
WHERE period IN ? AND commune_code IN ?
GROUP BY commune_code, period, version`

// Completeness builds the commune × period matrix of report states and the
// counts per period, in one round trip.
func (s *Service) Completeness(ctx context.Context, f CompletenessFilter) (*Completeness, error) {
	periods, err := s.periodsOrDefault(ctx, f.Periods)
	if err != nil {
		return nil, err
	}
	communes, err := s.bothEras(ctx)
	if err != nil {
		return nil, err
	}
	pcodes := make([]string, len(periods))
	for i, p := range periods {
		pcodes[i] = p.String()
	}
	all := append(codes(communes[period.EraPre2025]), codes(communes[period.Era2025])...)
	got := newSentSet(all, pcodes)
	if len(pcodes) > 0 && len(all) > 0 {
		if err := s.sent(ctx, pcodes, all, got); err != nil {
			return nil, err
		}
	}
	now := s.opt.Now()
	out := &Completeness{Periods: []PeriodStatus{}, Rows: make([]CompletenessRow, 0, len(all))}
	for _, p := range periods {
		out.Periods = append(out.Periods, PeriodStatus{Period: p, Deadline: s.Deadline(p),
			Expected: len(communes[p.Era()]), MissingCodes: []string{}, LateCodes: []string{}})
	}
	for _, era := range []period.Era{period.EraPre2025, period.Era2025} {
		for _, u := range communes[era] {
			out.Rows = append(out.Rows, completenessRow(u, periods, got, now, out.Periods))
		}
	}
	return out, nil
}

// sent reads, in one round trip, what arrived for the communes and periods:
// the first submission, the published version and the number of versions.
func (s *Service) sent(ctx context.Context, pcodes, communes []string, got *sentSet) error {
	rows, err := s.conn.Query(ctx, completenessQuery, store.InSet(pcodes), store.InSet(communes))
	if err != nil {
		return fmt.Errorf("analytics: completeness: %w", err)
	}
	defer rows.Close()
	var (
		c, p, status, id string
		version          uint32
		at               time.Time
	)
	for rows.Next() {
		if err := rows.Scan(&c, &p, &version, &status, &at, &id); err != nil {
			return fmt.Errorf("analytics: completeness: %w", err)
		}
		got.add(c, p, version, status, at, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("analytics: completeness: %w", err)
	}
	return nil
}

// sentSet is what arrived, by commune and period, in one slice: the matrix
// looks up every commune × period (706 × 40 for Hà Nội by months).
type sentSet struct {
	communes map[string]int // code → row
	periods  map[string]int // period code → column
	cells    []sentState
}

func newSentSet(communes, pcodes []string) *sentSet {
	s := &sentSet{communes: make(map[string]int, len(communes)), periods: make(map[string]int, len(pcodes))}
	for _, c := range communes {
		if _, ok := s.communes[c]; !ok {
			s.communes[c] = len(s.communes)
		}
	}
	for i, p := range pcodes {
		s.periods[p] = i
	}
	s.cells = make([]sentState, len(s.communes)*len(pcodes))
	return s
}

// add folds one version into its cell. A withdrawn draft does not count as
// sent; the first submission is the oldest version's, the newest version's
// id is the one waiting for review when nothing is published.
func (s *sentSet) add(commune, pcode string, version uint32, status string, at time.Time, id string) {
	r, ok := s.communes[commune]
	c, ok2 := s.periods[pcode]
	if !ok || !ok2 || status == "withdrawn" {
		return
	}
	st := &s.cells[r*len(s.periods)+c]
	if !st.ok || version < st.oldest {
		st.first, st.oldest = at, version
	}
	st.ok = true
	if status == "published" && version > st.published {
		st.published = version
	}
	if version > st.versions {
		st.versions, st.newest = version, id
	}
}

// row is a commune's cells, one per period in the order asked.
func (s *sentSet) row(commune string) []sentState {
	r, ok := s.communes[commune]
	if !ok {
		return nil
	}
	return s.cells[r*len(s.periods) : (r+1)*len(s.periods)]
}

// sentState is what arrived for one commune and period.
type sentState struct {
	ok        bool // something arrived
	first     time.Time
	oldest    uint32 // the version first was sent with
	published uint32 // the published version, 0 if none
	versions  uint32
	newest    string // the newest version's id, when none is published
}

// completenessRow classifies one commune's periods and updates the counts.
func completenessRow(u units.Unit, periods []period.Period, got *sentSet, now time.Time, counts []PeriodStatus) CompletenessRow {
	row := CompletenessRow{Code: u.Code, Name: u.Name, Type: u.Type, Era: u.Era, Cells: make([]Cell, 0, len(periods))}
	sent := got.row(u.Code)
	for i, p := range periods {
		cell := Cell{Period: p}
		pc := &counts[i]
		deadline := pc.Deadline
		var st sentState
		if sent != nil {
			st = sent[i]
		}
		ok := st.ok
		first, pub, versions := st.first, st.published, st.versions
		switch {
		case p.Era() != u.Era:
			cell.Status = StatusNone
		case ok && pub > 0:
			t := first.UTC()
			cell.FirstSentAt, cell.Version, cell.Versions = &t, pub, versions
			pc.Reported++
			if first.After(deadline) {
				cell.Status = StatusLate
				cell.DaysLate = int(first.Sub(deadline).Hours()/24) + 1
				pc.Late++
				pc.LateCodes = append(pc.LateCodes, u.Code)
			} else {
				cell.Status = StatusOnTime
				pc.OnTime++
			}
		case ok:
			t := first.UTC()
			cell.FirstSentAt, cell.Versions, cell.Waiting = &t, versions, st.newest
			cell.Status = StatusPending
			pc.Pending++
		case now.After(deadline):
			cell.Status = StatusMissing
			pc.Missing++
			pc.MissingCodes = append(pc.MissingCodes, u.Code)
		default:
			cell.Status = StatusNotDue
			pc.NotDue++
		}
		row.Cells = append(row.Cells, cell)
	}
	return row
}

// ParseDeadlines reads deadline settings such as "half=15,year=30,quarter=10"
// (days after a period's end, per period kind) for Options.DeadlineDays.
func ParseDeadlines(s string) (map[period.Kind]int, error) {
	out := map[period.Kind]int{}
	kinds := map[string]period.Kind{}
	for _, k := range []period.Kind{period.Half, period.Year, period.Quarter, period.Month, period.NineMonths} {
		kinds[k.String()] = k
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, days, ok := strings.Cut(part, "=")
		k, known := kinds[strings.TrimSpace(name)]
		n, err := strconv.Atoi(strings.TrimSpace(days))
		if !ok || !known || err != nil || n < 0 || n > 366 {
			return nil, fmt.Errorf("analytics: deadline %q: want KIND=DAYS with KIND half, year, quarter, month or 9m", part)
		}
		out[k] = n
	}
	return out, nil
}
