package extract

import (
	"regexp"
	"strconv"
	"strings"
)

// colRole is what a table column holds.
type colRole int

const (
	colNone        colRole = iota // nothing the header says; a figure column when it holds numbers
	colIdx                        // STT, TT
	colLabel                      // Chỉ tiêu, Nội dung, Thôn: the row labels
	colUnit                       // ĐVT
	colNotes                      // Ghi chú and other text columns
	colResult                     // the report's own figures: Thực hiện, Kết quả, the report's period
	colPlan                       // Kế hoạch, Chỉ tiêu giao, Phấn đấu
	colCompare                    // So sánh, Tỷ lệ (%), Tăng/giảm
	colOther                      // another period, place or level: Cùng kỳ, Năm 2023, Toàn huyện
	colPart                       // a part of the period: a month, the old communes' half-year
	colCumulative                 // Lũy kế, Cộng dồn over more than the period
	colFemale                     // Nữ, Trong đó nữ: the women's part of the row
	colFemaleRatio                // Tỷ lệ nữ (%)
	colFlow                       // Thành lập mới, Phát sinh: what arose in the period
)

// Column header words, by role.
var (
	idxHead      = []string{"stt", "tt", "số tt", "số thứ tự", "thứ tự", "tt.", "stt."}
	unitHead     = []string{"đvt", "đơn vị tính", "đv", "đơn vị", "đvt:", "đơn vị đo"}
	notesHead    = []string{"ghi chú", "nguyên nhân", "lý do", "giải thích", "nhận xét", "thời gian", "đơn vị tổ chức", "địa điểm", "người phụ trách", "chức vụ", "họ và tên", "họ tên", "cơ quan", "hình thức", "đánh giá", "kết quả đánh giá", "xếp loại"}
	planHead     = []string{"kế hoạch", "kh", "chỉ tiêu giao", "chỉ tiêu kế hoạch", "chỉ tiêu được giao", "chỉ tiêu năm", "chỉ tiêu huyện giao", "phấn đấu", "dự kiến", "mục tiêu", "nghị quyết giao", "được giao"}
	compareHead  = []string{"so sánh", "so với", "tăng/giảm", "tăng giảm", "tăng, giảm", "tăng (+)", "giảm (-)", "+/-", "tỷ lệ", "tỉ lệ", "th/kh", "đạt (%)", "% đạt", "chênh lệch", "%", "(%)", "đạt", "tăng", "giảm"}
	resultHead   = []string{"thực hiện", "kết quả", "số lượng", "số liệu", "tổng số", "tổng", "cộng", "tổng cộng", "ước thực hiện", "ước tính", "đã thực hiện", "trong kỳ", "giá trị", "thực tế", "th", "số lượt", "số người"}
	stockEndHead = []string{"cuối năm", "cuối kỳ", "hiện có", "đang hoạt động", "hiện nay", "đến nay", "hiện tại", "cuối quý"}
	startHead    = []string{"đầu năm", "đầu kỳ", "có đầu", "đầu quý"}
	flowHead     = []string{"thành lập mới", "phát sinh", "mới thành lập", "xây dựng mới", "tăng trong", "giảm trong", "giải thể", "tăng thêm", "thành lập trong"}
	cumHead      = []string{"lũy kế", "luỹ kế", "cộng dồn", "tích lũy", "tích luỹ", "từ đầu năm", "lũy tích"}
	pastHead     = []string{"cùng kỳ", "kỳ trước", "năm trước", "quý trước", "tháng trước", "kỳ báo cáo trước"}
)

func isOneOf(s string, ws []string) bool {
	for _, w := range ws {
		if s == w {
			return true
		}
	}
	return false
}

// columnRole reads a column's role from its header (h: all header cells,
// leaf: the lowest), the report's period and commune.
func (x *extractor) columnRole(h, leaf string) (colRole, bool) {
	switch {
	case h == "":
		return colNone, false
	case isOneOf(leaf, idxHead):
		return colIdx, false
	case isOneOf(leaf, unitHead) || strings.HasPrefix(leaf, "đvt") || strings.HasPrefix(leaf, "đơn vị tính"):
		return colUnit, false
	case hasAny(leaf, notesHead...):
		return colNotes, false
	case hasAny(h, "tỷ lệ nữ", "tỉ lệ nữ"):
		return colFemaleRatio, false
	case hasAny(h, compareHead...) || strings.Contains(leaf, "%"):
		return colCompare, false
	case hasAny(leaf, planHead...) && !hasAny(leaf, "thực hiện", "kết quả", "ước thực hiện"),
		hasAny(h, planHead...) && !hasAny(leaf, resultHead...) && !hasAny(h, "thực hiện", "kết quả"):
		return colPlan, false
	case leaf == "nữ" || strings.HasPrefix(leaf, "trong đó nữ") || strings.HasPrefix(leaf, "trong đó: nữ") ||
		strings.HasPrefix(leaf, "số nữ") || strings.HasPrefix(leaf, "nữ ("):
		return colFemale, false
	case leaf == "nam" || hasAny(h, pastHead...) || (hasAny(h, startHead...) && !spanNMonths.MatchString(h)):
		return colOther, false
	case hasAny(h, upperRowWords...) || hasAny(h, otherPlace...):
		return colOther, false
	}
	if s, ok := columnSpan(h, x.period.Year); ok && !x.period.IsZero() {
		switch relate(s, spanOfPeriod(x.period)) {
		case spanSame:
			return colResult, true
		case spanInside:
			return colPart, false
		default:
			if hasAny(h, cumHead...) {
				return colCumulative, false
			}
			return colOther, false
		}
	}
	switch {
	case hasAny(h, cumHead...):
		return colCumulative, false
	case hasAny(h, stockEndHead...):
		return colResult, false
	case hasAny(h, flowHead...):
		return colFlow, false
	case x.communeLow != "" && strings.Contains(h, x.communeLow):
		return colResult, true
	case hasAny(h, resultHead...):
		return colResult, false
	}
	return colNone, false
}

// colInfo is what readTable knows of a column.
type colInfo struct {
	role    colRole
	strong  bool   // the report's own period or commune names the column
	numeric bool   // its data cells are figures
	code    string // the indicator its header names (a table with one indicator per column)
}

var (
	femaleRow = regexp.MustCompile(`^(?:[-+•*–]\s*)?(?:trong đó\s*[:,]?\s*)?(?:số\s+)?(?:cán bộ\s+|người\s+)?nữ(?:\s|$|:|\()`)
	ratioRow  = regexp.MustCompile(`^(?:[-+•*–]\s*)?(?:trong đó\s*[:,]?\s*)?(?:tỷ|tỉ)\s+lệ\s+(?:cán bộ\s+)?nữ`)
	noteCount = regexp.MustCompile(`(\d+)\s*(?:người\s+|đồng chí\s+)?(nữ|nam)(?:[^\p{L}]|$)`)
	noteDocs  = regexp.MustCompile(`(\d+)\s+(kế hoạch|quyết định)(?:[^\p{L}]|$)`)
)

// tableCaption is the text that says what a table is about: the two
// non-empty lines above it.
func (x *extractor) tableCaption(t *ttable) string {
	d := x.d
	var parts []string
	for li := t.rows[0].line - 1; li >= 0 && li >= t.rows[0].line-4 && len(parts) < 2; li-- {
		if d.tableLine[li] {
			break
		}
		l := d.lines[li]
		if s := strings.TrimSpace(d.low[l.start:l.end]); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// tables reads every table of the results part.
func (x *extractor) tables() {
	for _, t := range parseTables(x.d) {
		if x.over() {
			return
		}
		x.readTable(t)
	}
}

// readTable reads one table: the figures of the report's own column in
// rows that name indicators, or, in a table with one indicator per column
// (a row per village), the commune's total row or else the sum of the
// village rows.
func (x *extractor) readTable(t *ttable) {
	d := x.d
	var data []int
	for r := t.header; r < len(t.rows); r++ {
		if !t.numbers[r] && d.lineSec[t.rows[r].line] == secResults {
			data = append(data, r)
		}
	}
	if len(data) == 0 {
		return
	}
	caption := x.tableCaption(t)
	cols := make([]colInfo, t.ncol)
	for c := range cols {
		if x.over() {
			return
		}
		cols[c].role, cols[c].strong = x.columnRole(t.headerLow(d, c), t.leafLow(d, c))
		figures, units, filled := 0, 0, 0
		for _, r := range data {
			s := strings.TrimSpace(d.cellLow(t.cell(d, r, c)))
			if s == "" {
				continue
			}
			filled++
			switch v := parseCell(s); {
			case v.kind == cellText && matchUnit(s, 0).end == len(s):
				units++
			case v.kind != cellText:
				figures++
			}
		}
		cols[c].numeric = figures > 0 && 2*figures >= filled
		if cols[c].role == colNone && units > 0 && 2*units >= filled {
			cols[c].role = colUnit
		}
		if cols[c].role == colUnit && units == 0 && filled > 0 {
			cols[c].role = colLabel // "Đơn vị" over villages' names
		}
	}
	if t.label >= 0 && (cols[t.label].role == colNone || cols[t.label].role == colUnit || !cols[t.label].numeric) {
		cols[t.label].role = colLabel // "Mục tiêu" over labels is the label column
	}
	if t.label >= 0 && cols[t.label].role != colLabel {
		t.label = -1
	}
	unitCol := -1
	for c, ci := range cols {
		if ci.role == colUnit {
			unitCol = c
			break
		}
	}
	// One indicator per column?
	colCodes := 0
	for c := range cols {
		switch cols[c].role {
		case colNone, colResult, colFlow:
			if cols[c].numeric && c != t.label {
				// "Tuyên truyền" over "Số buổi | Số lượt người": the lowest
				// header names the noun, the ones above what it is about.
				h, leaf := t.headerLow(d, c), t.leafLow(d, c)
				cols[c].code = x.labelCode(leaf, "", strings.TrimSuffix(h, leaf)+" "+caption)
				if cols[c].code == "" && leaf != h {
					cols[c].code = x.labelCode(h, "", caption)
				}
				if cols[c].code == "" && t.label >= 0 {
					// "Số buổi" over rows "Tuyên truyền …", "Tập huấn …":
					// each row says what its count is about.
					for _, r := range data {
						if lab := t.rowLabel(d, r); lab.start >= 0 && (x.labelCode(leaf, "", d.cellLow(lab)) != "" || x.labelCode(h, "", d.cellLow(lab)) != "") {
							cols[c].code = perRow
							break
						}
					}
				}
				if cols[c].code != "" {
					colCodes++
				}
			}
		}
	}
	rowCodes := 0
	if t.label >= 0 {
		for _, r := range data {
			lab := t.rowLabel(d, r)
			if lab.start >= 0 && x.labelCode(d.cellLow(lab), x.rowUnit(t, r, unitCol, cols), caption) != "" {
				rowCodes++
			}
		}
	}
	dashZero := t.dashMeansNone(d)
	switch {
	case rowCodes > 0 && rowCodes >= colCodes:
		x.readRowTable(t, data, cols, unitCol, caption, dashZero)
	case colCodes > 0:
		x.readColumnTable(t, data, cols, caption, dashZero)
	}
}

// rowUnit is the unit of row r: its unit cell, else the unit written with
// its figures ("15 cuộc").
func (x *extractor) rowUnit(t *ttable, r, unitCol int, cols []colInfo) string {
	if unitCol >= 0 {
		return x.cellLowAt(t, r, unitCol)
	}
	for c, ci := range cols {
		if ci.numeric {
			if v := parseCell(x.cellLowAt(t, r, c)); v.kind == cellNumber && v.unit.kind != uNone {
				return v.unit.noun
			}
		}
	}
	return ""
}

func (x *extractor) cellLowAt(t *ttable, r, c int) string {
	if c < 0 {
		return ""
	}
	return x.d.cellLow(t.cell(x.d, r, c))
}

// figure reads a cell as a stated figure: a number, or "-" when the
// table's legend says it means none.
func figure(s string, dashZero bool) (cellValue, bool) {
	v := parseCell(s)
	switch {
	case v.kind == cellNumber:
		return v, true
	case v.kind == cellDash && dashZero && strings.ContainsAny(s, "-–—"):
		return cellValue{kind: cellNumber}, true
	}
	return v, false
}

// pickResult chooses the column of the report's own figures for a row
// whose indicator is a stock (stock: at the period's end) or a count.
func pickResult(cols []colInfo, stock bool) (int, float64) {
	var strong, weak, none, flow []int
	for c, ci := range cols {
		if !ci.numeric {
			continue
		}
		switch ci.role {
		case colResult:
			if ci.strong {
				strong = append(strong, c)
			} else {
				weak = append(weak, c)
			}
		case colNone:
			none = append(none, c)
		case colFlow:
			flow = append(flow, c)
		}
	}
	switch {
	case len(strong) > 0:
		return strong[0], 0.9
	case len(weak) > 0:
		return weak[0], 0.85
	case len(none) == 1 && len(flow) == 0:
		return none[0], 0.8
	case !stock && len(flow) == 1 && len(none) == 0:
		return flow[0], 0.8
	}
	return -1, 0
}

// rowHit is one row's figure for an indicator.
type rowHit struct {
	r     int
	value float64
	unit  string
	cell  tcell
	label tcell
}

// readRowTable reads a table with one indicator per row.
func (x *extractor) readRowTable(t *ttable, data []int, cols []colInfo, unitCol int, caption string, dashZero bool) {
	d := x.d
	section, prevLabel, parent := "", "", ""
	hits := map[string][]rowHit{}
	var order []string
	var pending []rowHit // rows of one indicator since the last total row
	pendingCode := ""
	for _, r := range data {
		if x.over() {
			return
		}
		lab := t.rowLabel(d, r)
		if lab.start < 0 {
			continue
		}
		ll := strings.TrimSpace(d.cellLow(lab))
		hasFigure := false
		for c, ci := range cols {
			if ci.numeric && c != t.label {
				if v := parseCell(d.cellLow(t.cell(d, r, c))); v.kind != cellBlank && v.kind != cellText {
					hasFigure = true
				}
			}
		}
		if !hasFigure {
			// "I | Công tác truyền thông": a section row names what follows.
			section, prevLabel, parent = ll, "", ""
			continue
		}
		kind := x.kindOfRow(ll)
		if kind == rowUpper {
			continue
		}
		unit := x.rowUnit(t, r, unitCol, cols)
		code, sub := "", false
		switch {
		case femaleRow.MatchString(ll) && !hasTopic(ll, tStaff) && !hasTopic(ll, tCadre):
			code, sub = x.childOf(parent, false), true
		case ratioRow.MatchString(ll) && !hasTopic(ll, tStaff) && !hasTopic(ll, tCadre):
			code, sub = x.childOf(parent, true), true
		default:
			code = x.labelCode(ll, unit, strings.Join([]string{prevLabel, section, caption}, " "))
		}
		if !sub {
			parent = code
		}
		prevLabel = ll
		stock := x.stocks[code]
		rc, conf := pickResult(cols, stock)
		if code == "" {
			if kind == rowTotal && len(pending) >= 2 && rc >= 0 {
				// "Cộng" under rows of one indicator (kinds of models): their total.
				if v, ok := figure(d.cellLow(t.cell(d, r, rc)), dashZero); ok {
					x.tableCand(t, pendingCode, v, unit, lab, t.cell(d, r, rc), r, rc, conf, 0)
					delete(hits, pendingCode)
				}
			}
			pending, pendingCode = nil, ""
			x.notesDocs(t, r, cols, lab, ll)
			continue
		}
		if rc < 0 {
			continue
		}
		cell := t.cell(d, r, rc)
		v, ok := figure(d.cellLow(cell), dashZero)
		if !ok {
			continue
		}
		if v.unit.kind == uNone && unit != "" {
			if u := matchUnit(unit, 0); u.kind != uNone {
				v.unit = u
			}
		}
		h := rowHit{r: r, value: v.value, unit: v.unit.noun, cell: cell, label: lab}
		if _, seen := hits[code]; !seen {
			order = append(order, code)
		}
		hits[code] = append(hits[code], h)
		if code != pendingCode {
			pending, pendingCode = nil, code
		}
		pending = append(pending, h)
		// The women's part and share in columns of their own, or in the notes.
		for c, ci := range cols {
			switch ci.role {
			case colFemale, colFemaleRatio:
				fc := x.childOf(code, ci.role == colFemaleRatio)
				if fv, ok := figure(d.cellLow(t.cell(d, r, c)), dashZero); ok && fc != "" {
					x.tableCand(t, fc, fv, "", lab, t.cell(d, r, c), r, c, conf-0.05, 0)
				}
			case colNotes:
				x.notesFemale(t, r, c, code, v.value, lab, conf)
			}
		}
	}
	for _, code := range order {
		hs := hits[code]
		if len(hs) == 0 {
			continue
		}
		rc, conf := pickResult(cols, x.stocks[code])
		if len(hs) == 1 {
			h := hs[0]
			x.tableCand(t, code, cellValue{kind: cellNumber, value: h.value, unit: unitMatch{noun: h.unit}}, "", h.label, h.cell, h.r, rc, conf, 0)
			continue
		}
		// Several rows of one indicator (kinds of models, sections of a
		// table) without a total row: their sum, when nothing else states it.
		sum := 0.0
		for _, h := range hs {
			sum += h.value
		}
		first, last := hs[0], hs[len(hs)-1]
		x.tableCand(t, code, cellValue{kind: cellNumber, value: sum, unit: unitMatch{noun: first.unit}}, "", first.label, last.cell, first.r, rc, conf-0.15, len(hs))
	}
}

// childOf is the women's part (or share, ratio) of an indicator.
func (x *extractor) childOf(parent string, ratio bool) string {
	if parent == "" {
		return ""
	}
	for _, ind := range x.cat {
		if !ratio && ind.Parent == parent {
			return ind.Code
		}
		if ratio && ind.IsRatio() && ind.Denominator == parent {
			return ind.Code
		}
	}
	return ""
}

// notesFemale reads the women among staff from a notes cell: "Nữ" beside
// one person, "08 nữ", "Nam".
func (x *extractor) notesFemale(t *ttable, r, c int, code string, total float64, lab tcell, conf float64) {
	d := x.d
	fc := x.childOf(code, false)
	if fc == "" {
		return
	}
	cell := t.cell(d, r, c)
	n := d.cellLow(cell)
	female, ok := 0.0, false
	if m := noteCount.FindStringSubmatch(n); m != nil {
		v, _ := strconv.ParseFloat(m[1], 64)
		if m[2] == "nữ" {
			female, ok = v, true
		} else if v <= total {
			female, ok = total-v, true
		}
	} else if hasAny(n, "đều là nữ", "đều nữ", "cả hai đều là nữ") {
		female, ok = total, true
	} else if total == 1 && hasWord(n, "nữ") && !hasWord(n, "nam") {
		female, ok = 1, true
	} else if total == 1 && hasWord(n, "nam") && !hasWord(n, "nữ") {
		female, ok = 0, true
	}
	if ok {
		x.tableCand(t, fc, cellValue{kind: cellNumber, value: female}, "", lab, cell, r, c, conf-0.1, 0)
	}
}

// notesDocs reads documents counted kind by kind in the notes of a row of
// documents of all kinds: "01 kế hoạch, 02 công văn".
func (x *extractor) notesDocs(t *ttable, r int, cols []colInfo, lab tcell, ll string) {
	if !hasAny(ll, "văn bản", "kế hoạch", "quyết định") || !hasAny(ll, "ban hành", "xây dựng") {
		return
	}
	d := x.d
	for c, ci := range cols {
		if ci.role != colNotes {
			continue
		}
		cell := t.cell(d, r, c)
		n := d.cellLow(cell)
		for _, m := range noteDocs.FindAllStringSubmatch(n, -1) {
			v, _ := strconv.ParseFloat(m[1], 64)
			code := "plans_issued"
			if m[2] == "quyết định" {
				code = "decisions_issued"
			}
			x.tableCand(t, code, cellValue{kind: cellNumber, value: v}, "", lab, cell, r, c, 0.75, 0)
		}
	}
}

// readColumnTable reads a table with one indicator per column and a row per
// village, kind of case or class: the commune's total row, else the sum of
// the rows (never a row of the district or province).
func (x *extractor) readColumnTable(t *ttable, data []int, cols []colInfo, caption string, dashZero bool) {
	d := x.d
	for c, ci := range cols {
		if ci.code == "" || x.over() {
			continue
		}
		h, leaf := t.headerLow(d, c), t.leafLow(d, c)
		above := strings.TrimSuffix(h, leaf) + " " + caption
		if k, _ := countedNoun(leaf); k == uNone {
			// "Số người tham dự" over "Nam | Nữ | Tổng số": the noun is above.
			leaf, above = h, caption
		}
		var total []rowHit
		parts := map[string][]rowHit{}
		var codes []string
		for _, r := range data {
			lab := t.rowLabel(d, r)
			kind, ll := rowItem, ""
			if lab.start >= 0 {
				ll = d.cellLow(lab)
				kind = x.kindOfRow(ll)
			}
			cell := t.cell(d, r, c)
			v, ok := figure(d.cellLow(cell), dashZero)
			if !ok || kind == rowUpper {
				continue
			}
			hit := rowHit{r: r, value: v.value, unit: v.unit.noun, cell: cell, label: lab}
			if hit.label.start < 0 {
				hit.label = t.rows[r].cells[0]
			}
			if kind == rowTotal {
				total = append(total, hit)
				continue
			}
			// A row that says what it is about ("Tập huấn cho cán bộ …") names
			// its own indicator; a village row takes the column's.
			code := x.labelCode(leaf, "", ll+" "+above)
			if code == "" {
				continue
			}
			if _, seen := parts[code]; !seen {
				codes = append(codes, code)
			}
			parts[code] = append(parts[code], hit)
		}
		if len(codes) <= 1 && len(total) > 0 {
			// The commune's total row, for a column of one indicator.
			code := ci.code
			if len(codes) == 1 {
				code = codes[0]
			}
			if code != perRow {
				hit := total[len(total)-1]
				x.tableCand(t, code, cellValue{kind: cellNumber, value: hit.value}, hit.unit, hit.label, hit.cell, hit.r, c, 0.85, 0)
				continue
			}
		}
		for _, code := range codes {
			ps := parts[code]
			if len(ps) == 1 {
				hit := ps[0]
				x.tableCand(t, code, cellValue{kind: cellNumber, value: hit.value}, hit.unit, hit.label, hit.cell, hit.r, c, 0.8, 0)
				continue
			}
			sum := 0.0
			for _, hit := range ps {
				sum += hit.value
			}
			x.tableCand(t, code, cellValue{kind: cellNumber, value: sum}, "", ps[0].label, ps[len(ps)-1].cell, ps[0].r, c, 0.7, len(ps))
		}
	}
}

// perRow marks a column whose indicator each row names.
const perRow = "*"

// tableCand adds a figure read from a table cell. rows > 0 marks the sum of
// that many rows (villages without a total row), used only when nothing
// else states the indicator.
func (x *extractor) tableCand(t *ttable, code string, v cellValue, unit string, label, cell tcell, r, c int, conf float64, rows int) {
	d := x.d
	if unit == "" {
		unit = v.unit.noun
	}
	a, b := label.start, cell.end
	if label.start < 0 || label.start > cell.start {
		a = cell.start
	}
	if label.end > b {
		b = label.end
	}
	ref := &cellRef{table: t.index, row: r + 1, col: c + 1, rows: rows, label: label, cell: cell}
	if c < len(t.heads) {
		ref.heads = t.heads[c]
	}
	x.add(cand{code: code, value: v.value, unit: unit, noun: code, ev: span{a, b}, conf: conf,
		sent: d.sentenceOf(cell.start), cell: ref, partSum: rows > 0})
}
