package extract

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/docread"
	"github.com/bdg-district/bdg/period"
)

// Value is one indicator read from a report, with the sentence it came from.
type Value struct {
	Code       string  `json:"code"`
	Value      float64 `json:"value"`
	Unit       string  `json:"unit"`     // as written after the number, e.g. "lượt người"
	Evidence   string  `json:"evidence"` // exactly []rune(Text)[Start:End]
	Start      int     `json:"start"`    // rune index into the normalised text
	End        int     `json:"end"`
	Confidence float64 `json:"confidence"` // 0..1
	// Source is "table" for a figure read from a table cell (Evidence is then
	// the row from its label to the cell, and Cell says which cell); empty
	// for a figure read from a sentence.
	Source string `json:"source,omitempty"`
	Cell   *Cell  `json:"cell,omitempty"`
	// Also lists other statements of the same figure: a sentence and a table
	// cell that agree make one value, surer than either.
	Also []Evidence `json:"also,omitempty"`
}

// Cell locates a table value: the table, row and column (1-based, in
// document order, header rows counted), and the row label, column header
// and cell text with rune offsets into the text.
type Cell struct {
	Table  int `json:"table"`
	Row    int `json:"row"`
	Column int `json:"column"`
	// Rows is the number of rows added up when the figure is the sum of a
	// table's village rows (no total row, and nothing else states it); Row
	// is then the first of them and the cell the last one's.
	Rows          int    `json:"rows,omitempty"`
	RowLabel      string `json:"row_label"`
	RowLabelStart int    `json:"row_label_start"`
	RowLabelEnd   int    `json:"row_label_end"`
	// Header is the column's header, its cells top to bottom joined by " / "
	// ("Năm 2024 / Thực hiện"); HeaderStart and HeaderEnd span the lowest.
	Header      string `json:"header"`
	HeaderStart int    `json:"header_start"`
	HeaderEnd   int    `json:"header_end"`
	Text        string `json:"text"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
}

// Evidence is one more statement of a value: a sentence ("text") or a table
// cell ("table").
type Evidence struct {
	Source   string `json:"source"`
	Evidence string `json:"evidence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Cell     *Cell  `json:"cell,omitempty"`
}

// Conflict is an indicator stated more than once with different values.
type Conflict struct {
	Code       string  `json:"code"`
	Candidates []Value `json:"candidates"`
}

// Extraction is what a report says: header fields (nil when not stated),
// indicators in catalogue order, conflicts and warnings.
type Extraction struct {
	File       string     `json:"file"`
	Commune    *string    `json:"commune"`   // without the unit word: "Vạn Thủy"
	UnitType   *string    `json:"unit_type"` // xã, phường, thị trấn
	District   *string    `json:"district"`  // huyện/quận/thị xã/thành phố; nil after the 2025 reform
	Province   *string    `json:"province"`
	Period     *string    `json:"period"`      // period code: 2024-H1
	ReportDate *string    `json:"report_date"` // 2024-06-28, 2024-06 or 2024
	DocNumber  *string    `json:"doc_number"`  // "45/BC-UBND"
	Signer     *string    `json:"signer"`
	Indicators []Value    `json:"indicators"`
	Conflicts  []Conflict `json:"conflicts"`
	Warnings   []string   `json:"warnings"`
	Encoding   string     `json:"encoding,omitempty"`
	Error      string     `json:"error,omitempty"` // bilingual "vi / en" read error
	// Text is the normalised text that Start and End index, kept for storage.
	Text string `json:"-"`
}

// ExtractFile reads and extracts one uploaded file; a read failure is
// reported in Error, never as a Go error.
func ExtractFile(name string, data []byte, cat []catalogue.Indicator) Extraction {
	text, info, err := docread.Read(name, data)
	if err != nil {
		ex := Extraction{File: name, Indicators: []Value{}, Conflicts: []Conflict{}, Warnings: []string{}, Error: err.Error()}
		return ex
	}
	ex, err := ExtractWithin(text, cat, Budget{})
	if err != nil {
		ex.File, ex.Error = name, err.Error()
		return ex
	}
	ex.File = name
	ex.Encoding = info.Encoding
	ex.Warnings = append(append([]string{}, info.Warnings...), ex.Warnings...)
	return ex
}

// cand is one candidate value before conflicts are resolved.
type cand struct {
	code   string
	value  float64
	unit   string
	noun   string
	ev     span
	conf   float64
	sent   int
	subset bool     // stated as a part ("riêng ...", "trong đó ...")
	pos    int      // byte offset of the number, for figures summed over clauses
	total  bool     // stated as a total: "tổng số", "tổng cộng", "toàn xã"
	times  []string // when a separate activity took place: month, date, occasion
	orgs   []string // who held it (Hội Phụ nữ, a school) or where ("@thôn nà lay")
	weak   bool     // a stand-in (broadcasts, campaigns) used only when nothing better is stated
	review bool     // stated in the assessment part, which restates results
	// cell is the table cell the figure was read from (nil for prose).
	cell *cellRef
	// partSum is a sum of a table's village rows, used only when nothing
	// else states the indicator.
	partSum bool
	also    []cand // agreeing statements from other sources
}

// cellRef is a table cell, with byte spans.
type cellRef struct {
	table, row, col, rows int
	label, cell           tcell
	heads                 []tcell
}

type extractor struct {
	d          *textDoc
	cat        []catalogue.Indicator
	units      map[string]string
	out        *Extraction
	communeLow string
	periodYear int
	period     period.Period
	cands      []cand
	// stocks are the indicators counted at the period's end (staff,
	// models), not over it.
	stocks map[string]bool
	upper  map[int][][]int // upperIn's answers by sentence
	// nameWords are the words of each catalogue name, for nameMatch.
	nameWords [][]string
	// deadline is when the budget's time runs out; late is set once it has.
	deadline time.Time
	ticks    int
	late     bool
}

// normalizeText is what Extract indexes: NFC with "\n" line ends.
func normalizeText(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = norm.NFC.String(text)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return strings.ReplaceAll(text, "\r", "\n")
}

// Extract reads the header fields and every catalogue indicator stated as a
// result from a report's text. Offsets index the NFC text kept in Text.
//
// It keeps to the default Budget: a text over it comes back with nothing
// read and the bilingual reason in Error (ExtractWithin returns it as an
// error).
func Extract(text string, cat []catalogue.Indicator) Extraction {
	ex, err := ExtractWithin(text, cat, Budget{})
	if err != nil {
		ex.Error = err.Error()
	}
	return ex
}

// extract reads text until deadline; late is set when it ran out of time.
func extract(text string, cat []catalogue.Indicator, deadline time.Time) (Extraction, bool) {
	text = normalizeText(text)
	out := Extraction{Indicators: []Value{}, Conflicts: []Conflict{}, Warnings: []string{}, Text: text}
	if strings.TrimSpace(text) == "" {
		out.Warnings = append(out.Warnings, "Văn bản trống / empty text")
		return out, false
	}
	x := &extractor{d: newTextDoc(text), cat: cat, out: &out, units: make(map[string]string, len(cat)),
		stocks: make(map[string]bool, len(cat)), deadline: deadline}
	for _, ind := range cat {
		x.units[ind.Code] = ind.Unit
		x.stocks[ind.Code] = ind.OverPeriods == catalogue.Latest
	}
	x.header()
	x.reportPeriod()
	x.mentions()
	x.zeros()
	x.staffMarks()
	x.labelled()
	x.tables()
	if x.over() {
		return out, true
	}
	x.resolve()
	x.checks()
	return out, false
}

func (x *extractor) add(c cand) {
	if _, ok := x.units[c.code]; !ok {
		return // not in this catalogue
	}
	if c.ev.end > c.ev.start {
		c.review = x.d.lineReview[x.d.lineOf(c.ev.start)]
	}
	if c.unit == "" {
		c.unit = x.units[c.code]
	}
	x.cands = append(x.cands, c)
}

func (x *extractor) value(c cand) Value {
	a, b := trimSpan(x.d.text, c.ev.start, c.ev.end)
	v := Value{Code: c.code, Value: c.value, Unit: c.unit, Evidence: x.d.text[a:b],
		Start: x.d.runeOffset(a), End: x.d.runeOffset(b), Confidence: c.conf}
	if c.cell != nil {
		v.Source, v.Cell = "table", x.cellOf(c.cell)
	}
	for _, o := range c.also {
		ov := x.value(o)
		src := "text"
		if ov.Source != "" {
			src = ov.Source
		}
		v.Also = append(v.Also, Evidence{Source: src, Evidence: ov.Evidence, Start: ov.Start, End: ov.End, Cell: ov.Cell})
	}
	return v
}

// cellOf converts a cell reference to runes.
func (x *extractor) cellOf(r *cellRef) *Cell {
	d := x.d
	c := &Cell{Table: r.table, Row: r.row, Column: r.col, Rows: r.rows,
		Text: d.text[r.cell.start:r.cell.end], Start: d.runeOffset(r.cell.start), End: d.runeOffset(r.cell.end)}
	if r.label.start >= 0 {
		c.RowLabel, c.RowLabelStart, c.RowLabelEnd = d.text[r.label.start:r.label.end], d.runeOffset(r.label.start), d.runeOffset(r.label.end)
	}
	if n := len(r.heads); n > 0 {
		parts := make([]string, n)
		for i, h := range r.heads {
			parts[i] = d.text[h.start:h.end]
		}
		c.Header = strings.Join(parts, " / ")
		c.HeaderStart, c.HeaderEnd = d.runeOffset(r.heads[n-1].start), d.runeOffset(r.heads[n-1].end)
	}
	return c
}

// resolve keeps one value per indicator, in catalogue order; different
// values become a conflict.
func (x *extractor) resolve() {
	by := map[string][]cand{}
	for _, c := range x.cands {
		by[c.code] = append(by[c.code], c)
	}
	// Stand-ins (broadcasts, campaigns) count only when nothing better is
	// stated; a sum of a table's village rows only when nothing else states
	// the indicator: not a total row, not the prose.
	for code, cs := range by {
		by[code] = keepUnless(keepUnless(cs, func(c *cand) bool { return c.weak }), func(c *cand) bool { return c.partSum })
	}
	// Documents listed one by one in a sentence add up: "01 kế hoạch ... và 01 kế hoạch ...".
	for _, code := range []string{"plans_issued", "decisions_issued"} {
		by[code] = x.sumSideBySide(by[code], documentJoins)
	}
	// One sentence listing several organisations' activities, clause by
	// clause ("Hội Phụ nữ tổ chức 12 buổi...; Đoàn Thanh niên tổ chức 03
	// buổi..."), states parts of the commune's total: add them up.
	for _, code := range []string{"comm_sessions", "listeners_reached", "training_sessions", "training_attendance", "gender_staff_total"} {
		by[code] = x.sumSideBySide(by[code], x.clauseJoins)
	}
	// Models of different kinds in one sentence add up: "05 mô hình và 03 địa chỉ tin cậy".
	if ms := by["community_models"]; len(ms) > 1 {
		var merged []cand
		latest := map[int]int{}
		for _, c := range ms {
			if i, ok := latest[c.sent]; ok {
				m := &merged[i]
				if !strings.Contains(m.noun, c.noun) && m.pos > 0 && c.pos > 0 && m.pos != c.pos {
					m.value += c.value
					m.noun += "+" + c.noun
					m.unit = x.units["community_models"]
					continue
				}
			}
			merged = append(merged, c)
			latest[c.sent] = len(merged) - 1
		}
		by["community_models"] = merged
	}
	// The catalogue in its display order, by index (an Indicator is large).
	order := make([]int, len(x.cat))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return x.cat[order[a]].Order < x.cat[order[b]].Order })
	for _, oi := range order {
		ind := &x.cat[oi]
		cs := by[ind.Code]
		if len(cs) == 0 {
			continue
		}
		sort.SliceStable(cs, func(a, b int) bool { return cs[a].ev.start < cs[b].ev.start })
		cs = dropSubsets(cs)
		// A total stated as such ("tổng số", "tổng cộng", "toàn xã") wins over its parts.
		var totals []cand
		for _, c := range cs {
			if c.total {
				totals = append(totals, c)
			}
		}
		if len(totals) > 0 {
			cs = totals
		}
		distinct := agree(cs)
		if len(cs) > 1 && summable[ind.Code] && len(totals) == 0 {
			if c, ok := combine(cs); ok {
				// The figure that wins keeps every statement of it.
				for _, g := range distinct {
					if math.Abs(g.value-c.value) < 1e-9 && len(g.also) > 0 {
						c = g
					}
				}
				distinct = []cand{c}
			}
		}
		if len(distinct) == 1 {
			x.out.Indicators = append(x.out.Indicators, x.value(distinct[0]))
			continue
		}
		conf := Conflict{Code: ind.Code, Candidates: []Value{}}
		var vals []string
		for i, c := range distinct {
			conf.Candidates = append(conf.Candidates, x.value(c))
			if i < 10 {
				vals = append(vals, formatNumber(c.value))
			} else if i == 10 {
				vals = append(vals, "…")
			}
		}
		x.out.Conflicts = append(x.out.Conflicts, conf)
		x.warn(fmt.Sprintf("Chỉ tiêu %s được nêu với nhiều giá trị khác nhau (%s), cần kiểm tra", ind.Code, strings.Join(vals, ", ")),
			fmt.Sprintf("indicator %s is stated with different values (%s), please check", ind.Code, strings.Join(vals, ", ")))
	}
}

// keepUnless drops the candidates that drop says, unless that leaves none;
// it copies only when it drops some.
func keepUnless(cs []cand, drop func(*cand) bool) []cand {
	n := 0
	for i := range cs {
		if drop(&cs[i]) {
			n++
		}
	}
	if n == 0 || n == len(cs) {
		return cs
	}
	kept := make([]cand, 0, len(cs)-n)
	for i := range cs {
		if !drop(&cs[i]) {
			kept = append(kept, cs[i])
		}
	}
	return kept
}

// agree groups candidates by value. A figure stated both in a sentence and
// in a table cell is one value, read from the cell, with the sentence as
// more evidence and a higher confidence; statements from one kind of
// source keep the surest.
func agree(cs []cand) []cand {
	type group struct {
		table, text *cand
	}
	var groups []group
	index := map[float64]int{}
	for i := range cs {
		c := &cs[i]
		key := math.Round(c.value * 1e6)
		g, ok := index[key]
		if !ok {
			groups = append(groups, group{})
			g = len(groups) - 1
			index[key] = g
		}
		best := &groups[g].text
		if c.cell != nil {
			best = &groups[g].table
		}
		if *best == nil || c.conf > (*best).conf {
			*best = c
		}
	}
	out := make([]cand, 0, len(groups))
	for _, g := range groups {
		switch {
		case g.table != nil && g.text != nil:
			c := *g.table
			c.also = []cand{*g.text}
			c.conf = math.Min(0.98, math.Max(g.table.conf, g.text.conf)+0.08)
			out = append(out, c)
		case g.table != nil:
			out = append(out, *g.table)
		default:
			out = append(out, *g.text)
		}
	}
	return out
}

// sumSideBySide adds up figures of one indicator stated side by side in one
// sentence, as joins says: clause after clause ("Hội Phụ nữ tổ chức 12
// buổi...; Đoàn Thanh niên tổ chức 03 buổi..."), or documents one by one
// ("01 kế hoạch ... và 01 kế hoạch ..."). A figure only joins the latest
// sum of its own sentence, so the work stays linear in the figures.
func (x *extractor) sumSideBySide(cs []cand, joins func(o, c *cand, between string) bool) []cand {
	if len(cs) < 2 {
		return cs
	}
	sort.SliceStable(cs, func(a, b int) bool {
		if cs[a].sent != cs[b].sent {
			return cs[a].sent < cs[b].sent
		}
		return cs[a].pos < cs[b].pos
	})
	out := make([]cand, 0, len(cs))
	latest := map[int]int{} // sentence → its latest sum in out
	for _, c := range cs {
		if i, ok := latest[c.sent]; ok && c.sent >= 0 && !c.subset && c.pos > out[i].pos && c.ev == out[i].ev &&
			joins(&out[i], &c, x.d.low[out[i].pos:c.pos]) {
			out[i].value += c.value
			out[i].pos = c.pos
			continue
		}
		out = append(out, c)
		if !c.subset && c.pos > 0 {
			latest[c.sent] = len(out) - 1
		}
	}
	return out
}

// clauseJoins joins figures listed apart in one sentence, less surely.
func (x *extractor) clauseJoins(o, c *cand, between string) bool {
	if !listedApart(between) && !x.otherActivity(o.pos, c.pos) {
		return false
	}
	o.conf = math.Min(o.conf, c.conf) - 0.1
	return true
}

// documentJoins joins documents counted one by one, not a whole and its
// parts ("02 kế hoạch (01 kế hoạch ...)", "gồm").
func documentJoins(o, c *cand, between string) bool {
	return o.noun != o.code && c.noun != c.code && !strings.ContainsAny(between, "(:") &&
		!hasAny(between, "gồm", "trong đó", "bao gồm")
}

// maxCombine bounds the statements of one indicator that combine weighs
// against each other (its work grows with their square).
const maxCombine = 64

// summable are the indicators whose separate activities add up.
var summable = map[string]bool{"comm_sessions": true, "listeners_reached": true, "training_sessions": true,
	"training_attendance": true, "gbv_incidents": true, "gbv_victims_supported": true}

// separate reports whether two statements are about different activities:
// held at different times, or (no time given) by different organisations.
func separate(a, b cand) bool {
	if a.sent == b.sent {
		return false
	}
	if len(a.times) > 0 && len(b.times) > 0 {
		return disjoint(a.times, b.times)
	}
	if len(a.times) == 0 && len(b.times) == 0 && len(a.orgs) > 0 && len(b.orgs) > 0 {
		return disjoint(a.orgs, b.orgs)
	}
	return false
}

func disjoint(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return false
			}
		}
	}
	return true
}

// combine settles different values of one indicator that a reader would
// not call a contradiction: one figure for the period with separate
// activities under it (the figure wins when the parts fit in it), or only
// separate activities (they add up, less surely). ok is false for a true
// conflict. cs is sorted by position.
func combine(cs []cand) (cand, bool) {
	if len(cs) > maxCombine {
		return cand{}, false // no report states one figure this many times
	}
	// Parts restated in the assessment part are not separate activities.
	var results []cand
	for _, c := range cs {
		if !c.review {
			results = append(results, c)
		}
	}
	if len(results) > 0 && len(results) < len(cs) {
		kept := results
		for _, c := range cs {
			if c.review && len(c.times) == 0 && len(c.orgs) == 0 {
				kept = append(kept, c) // a figure for the whole period is kept
			}
		}
		sort.SliceStable(kept, func(a, b int) bool { return kept[a].ev.start < kept[b].ev.start })
		cs = kept
	}
	var wholes, parts []cand
	for _, c := range cs {
		if len(c.times) == 0 && len(c.orgs) == 0 {
			wholes = append(wholes, c)
		} else {
			parts = append(parts, c)
		}
	}
	// Parts grouped by activity: statements that are not separate are one activity.
	var groups [][]cand
	for _, p := range parts {
		placed := -1
		for gi, g := range groups {
			for _, q := range g {
				if !separate(p, q) {
					placed = gi
				}
			}
		}
		if placed >= 0 {
			groups[placed] = append(groups[placed], p)
		} else {
			groups = append(groups, []cand{p})
		}
	}
	partSum, partsOK := 0.0, true
	for _, g := range groups {
		v := g[0].value
		for _, q := range g[1:] {
			if math.Abs(q.value-v) > 1e-9 {
				partsOK = false
			}
		}
		partSum += v
	}
	wv := map[float64]bool{}
	for _, w := range wholes {
		wv[w.value] = true
	}
	switch {
	case len(wv) == 1:
		// One figure for the period; the parts must fit in it.
		best := wholes[0]
		for _, w := range wholes[1:] {
			if w.conf > best.conf {
				best = w
			}
		}
		same := true
		for _, c := range cs {
			if math.Abs(c.value-best.value) > 1e-9 {
				same = false
			}
		}
		if len(parts) > 0 && !same && partSum <= best.value+1e-9 {
			return best, true
		}
	case len(wv) == 0:
		if !partsOK || len(groups) < 2 {
			return cand{}, false
		}
		first, last := parts[0], parts[len(parts)-1]
		if last.ev.end-first.ev.start > 4000 {
			return cand{}, false
		}
		sum := first
		sum.value = partSum
		sum.ev = span{first.ev.start, last.ev.end}
		for _, p := range parts {
			sum.conf = math.Min(sum.conf, p.conf)
		}
		sum.conf -= 0.15
		return sum, true
	default:
		// A summary equal to the sum of the other statements.
		for _, w := range wholes {
			others, n := 0.0, 0
			seen := map[int]bool{}
			for _, c := range cs {
				if math.Abs(c.value-w.value) < 1e-9 || seen[c.sent] {
					continue
				}
				seen[c.sent] = true
				others += c.value
				n++
			}
			if n >= 2 && math.Abs(others-w.value) < 1e-9 {
				return w, true
			}
		}
	}
	return cand{}, false
}

// listedApart reports whether the text between two figures of a sentence
// lists them side by side ("...; Đoàn Thanh niên tổ chức 03 buổi", "03 buổi
// tại thôn A và 02 buổi tại thôn B") rather than as a whole and its part.
func listedApart(between string) bool {
	if strings.Contains(between, ";") {
		return true
	}
	if strings.ContainsAny(between, "(:") || hasAny(between, "trong đó", "gồm", "bao gồm", "cụ thể", "riêng", "tức là", "tương đương") {
		return false
	}
	return hasWord(between, "và")
}

// otherActivity reports whether two counts in a comma list name different
// activities: "02 buổi tuyên truyền, 01 buổi mít tinh".
func (x *extractor) otherActivity(a, b int) bool {
	between := x.d.low[a:b]
	if strings.Count(between, ",") != 1 || strings.ContainsAny(between, "(:;") || hasAny(between, "trong đó", "gồm", "cụ thể", "riêng") {
		return false
	}
	what := func(pos int) string {
		f := strings.Fields(x.d.low[pos:min(len(x.d.low), pos+60)])
		if len(f) < 3 {
			return ""
		}
		switch f[2] {
		case "tại", "ở", "cho", "với", "trong", "của", "do", "được", "và":
			return ""
		}
		return strings.Trim(f[2], ",.;")
	}
	wa, wb := what(a), what(b)
	return wa != "" && wb != "" && wa != wb && hasAny(wa+" "+wb, "tuyên", "truyền", "mít", "nói", "sinh", "tập", "hội", "đối", "phổ")
}

// dropSubsets removes parts ("riêng trong tháng 6 tổ chức 03 cuộc") when a
// whole with another value is stated too.
func dropSubsets(cs []cand) []cand {
	var whole, parts []cand
	for _, c := range cs {
		if c.subset {
			parts = append(parts, c)
		} else {
			whole = append(whole, c)
		}
	}
	if len(whole) == 0 {
		return parts
	}
	return whole
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (x *extractor) warn(vi, en string) { x.out.Warnings = append(x.out.Warnings, vi+" / "+en) }

// checks warns about values that cannot both be right.
func (x *extractor) checks() {
	got := map[string]float64{}
	for _, v := range x.out.Indicators {
		got[v.Code] = v.Value
	}
	for _, ind := range x.cat {
		v, ok := got[ind.Code]
		if !ok {
			continue
		}
		if ind.IsRatio() {
			if v > 100 {
				x.warn(fmt.Sprintf("Tỷ lệ %s lớn hơn 100%% (%s)", ind.Code, formatNumber(v)),
					fmt.Sprintf("ratio %s is above 100%% (%s)", ind.Code, formatNumber(v)))
			}
			num, okN := got[ind.Numerator]
			den, okD := got[ind.Denominator]
			if okN && okD && den > 0 && math.Abs(100*num/den-v) > 1 {
				x.warn(fmt.Sprintf("Tỷ lệ %s (%s%%) không khớp với %s/%s", ind.Code, formatNumber(v), formatNumber(num), formatNumber(den)),
					fmt.Sprintf("ratio %s (%s%%) does not match %s/%s", ind.Code, formatNumber(v), formatNumber(num), formatNumber(den)))
			}
		}
		if ind.Parent != "" {
			if p, ok := got[ind.Parent]; ok && v > p {
				x.warn(fmt.Sprintf("%s (%s) lớn hơn tổng %s (%s)", ind.Code, formatNumber(v), ind.Parent, formatNumber(p)),
					fmt.Sprintf("%s (%s) is greater than its total %s (%s)", ind.Code, formatNumber(v), ind.Parent, formatNumber(p)))
			}
		}
	}
	if x.out.Period == nil {
		x.warn("Không xác định được kỳ báo cáo", "report period not found")
	}
	if x.out.Commune == nil {
		x.warn("Không xác định được tên xã/phường/thị trấn", "commune name not found")
	}
}
