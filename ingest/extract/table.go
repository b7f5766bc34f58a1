package extract

import (
	"regexp"
	"strings"
)

// A table in the text: consecutive lines whose cells are separated by " | "
// (how docread writes a Word table, one line per row, cells on the table's
// grid) or by tabs (how plain-text reports line up columns). parseTables
// finds the tables, their header rows (a merged header over two rows is
// read as one header per column), the rows that only number the columns,
// and the column holding row labels. It depends on the text alone, so the
// review page finds the same cells in the stored text as the extractor did.

// tcell is one cell: the byte span of its trimmed text.
type tcell struct{ start, end int }

// trow is one table row.
type trow struct {
	line  int
	cells []tcell
}

// ttable is one table of the text.
type ttable struct {
	index   int // 1-based, in document order
	rows    []trow
	ncol    int
	header  int          // rows[:header] are header rows
	numbers map[int]bool // rows that number the columns: "(1) | (2)", "A | B | 1 | 2"
	// heads[c] are the header cells of column c, top to bottom (a cell
	// merged across columns repeated under each of them).
	heads [][]tcell
	label int // the column of row labels, or -1
}

// cellText is the cell's lower-case text.
func (d *textDoc) cellLow(c tcell) string { return d.low[c.start:c.end] }

// cell returns row r's cell in column c (an empty span at the line's end
// when the row is short).
func (t *ttable) cell(d *textDoc, r, c int) tcell {
	row := t.rows[r]
	if c < len(row.cells) {
		return row.cells[c]
	}
	e := d.lines[row.line].end
	return tcell{e, e}
}

// splitCells cuts a table line into cells.
func splitCells(d *textDoc, li int) []tcell {
	l := d.lines[li]
	s := d.text[l.start:l.end]
	sep := " | "
	if !strings.Contains(s, sep) {
		sep = "\t"
	}
	var out []tcell
	pos := l.start
	for {
		i := strings.Index(d.text[pos:l.end], sep)
		end := l.end
		if i >= 0 {
			end = pos + i
		}
		a, b := pos, end
		for a < b && (d.text[a] == ' ' || d.text[a] == '\t') {
			a++
		}
		for b > a && (d.text[b-1] == ' ' || d.text[b-1] == '\t') {
			b--
		}
		out = append(out, tcell{a, b})
		if i < 0 {
			break
		}
		pos = end + len(sep)
	}
	// A trailing separator leaves an empty last cell ("a | b | ").
	if len(out) > 1 && strings.HasSuffix(s, " |") {
		out = append(out, tcell{l.end, l.end})
	}
	return out
}

// parseTables finds the tables of the text.
func parseTables(d *textDoc) []*ttable {
	var out []*ttable
	for i := 0; i < len(d.lines); i++ {
		if !d.tableLine[i] {
			continue
		}
		t := &ttable{index: len(out) + 1, numbers: map[int]bool{}, label: -1}
		pipe := strings.Contains(d.text[d.lines[i].start:d.lines[i].end], " | ")
		for ; i < len(d.lines) && d.tableLine[i]; i++ {
			if strings.Contains(d.text[d.lines[i].start:d.lines[i].end], " | ") != pipe {
				break
			}
			cells := splitCells(d, i)
			t.rows = append(t.rows, trow{line: i, cells: cells})
			t.ncol = max(t.ncol, len(cells))
		}
		i--
		t.structure(d)
		out = append(out, t)
	}
	return out
}

var (
	romanRe   = regexp.MustCompile(`^(?:[ivx]+|[a-zđ])[.)]?$`)
	colNumRe  = regexp.MustCompile(`^\(?(?:([a-z])|(\d{1,2})(?:\s*[=*/+\-x×].*)?)\)?$`)
	yearCell  = regexp.MustCompile(`^(?:19|20)\d{2}$`)
	labelHead = []string{"nội dung", "chỉ tiêu", "tiêu chí", "tên chỉ tiêu", "hoạt động", "nội dung hoạt động", "loại hình",
		"loại mô hình", "tên lớp", "tên thôn", "thôn", "xóm", "bản", "ấp", "tổ dân phố", "thôn, tổ dân phố", "thôn, bản",
		"đơn vị", "tên đơn vị", "danh mục", "lĩnh vực", "nhiệm vụ", "công việc", "hình thức", "loại hình bạo lực", "khu dân cư", "địa bàn"}
)

// isColNumbers reports a row that only numbers the columns: "(1) | (2) |
// (3)", "A | B | 1 | 2 | 3=1+2".
func isColNumbers(d *textDoc, r trow) bool {
	n := 0
	last := 0
	for _, c := range r.cells {
		s := strings.TrimSpace(d.cellLow(c))
		if s == "" {
			continue
		}
		m := colNumRe.FindStringSubmatch(s)
		if m == nil {
			return false
		}
		n++
		if m[2] != "" {
			v := 0
			for _, ch := range m[2] {
				v = v*10 + int(ch-'0')
			}
			if last > 0 && v != last+1 {
				return false
			}
			last = v
		}
	}
	return n >= 3
}

// isDataRow reports a row holding a figure: some cell is a number.
func isDataRow(d *textDoc, r trow, first bool) bool {
	for i, c := range r.cells {
		s := strings.TrimSpace(d.cellLow(c))
		if s == "" || (i == 0 && romanRe.MatchString(s)) {
			continue
		}
		if first && yearCell.MatchString(s) {
			continue // "Chỉ tiêu | 2022 | 2023 | 2024": years head the columns
		}
		if v := parseCell(s); v.kind == cellNumber || v.kind == cellBound {
			return true
		}
	}
	return false
}

// structure finds the header rows, the column-number rows, each column's
// header cells and the label column.
func (t *ttable) structure(d *textDoc) {
	// Header rows: from the top, rows without figures, at most three, up to
	// a row that numbers the columns or starts with an item number.
	for r := 0; r < len(t.rows) && r < 3; r++ {
		row := t.rows[r]
		if isColNumbers(d, row) || isDataRow(d, row, r == 0) {
			break
		}
		if r > 0 && len(row.cells) > 0 {
			if s := strings.TrimSpace(d.cellLow(row.cells[0])); s != "" && romanRe.MatchString(s) {
				break // "I | Công tác truyền thông": a section row
			}
		}
		t.header = r + 1
	}
	// A table of one header-like row and nothing else has no header.
	if t.header == len(t.rows) {
		t.header = 0
	}
	for r := t.header; r < len(t.rows) && r <= t.header+1; r++ {
		if isColNumbers(d, t.rows[r]) {
			t.numbers[r] = true
		}
	}
	t.heads = make([][]tcell, t.ncol)
	for r := 0; r < t.header; r++ {
		var prev tcell
		for c := 0; c < t.ncol; c++ {
			cell := t.cell(d, r, c)
			if cell.end == cell.start && prev.end > prev.start && r+1 < t.header {
				// An empty upper cell with a header under it continues the
				// merged cell on its left ("Năm 2024" over "Kế hoạch | Thực hiện").
				if below := t.cell(d, r+1, c); below.end > below.start {
					cell = prev
				}
			}
			if cell.end > cell.start {
				t.heads[c] = append(t.heads[c], cell)
			}
			prev = cell
		}
	}
	// The label column: headed as one and holding words, else the first
	// column mostly of labels ("Chỉ tiêu đến năm 2025" over figures is not).
	texty := make([]bool, t.ncol)
	for c := 0; c < t.ncol; c++ {
		text, data := 0, 0
		for r := t.header; r < len(t.rows); r++ {
			s := strings.TrimSpace(d.cellLow(t.cell(d, r, c)))
			if s == "" {
				continue
			}
			data++
			if v := parseCell(s); v.kind == cellText && len(strings.Fields(s)) >= 2 && matchUnit(s, 0).end != len(s) {
				text++
			}
		}
		texty[c] = data > 0 && 2*text >= data
	}
	for c := 0; c < t.ncol && t.label < 0; c++ {
		h := t.headerLow(d, c)
		for _, w := range labelHead {
			if texty[c] && (h == w || strings.HasPrefix(h, w+" ") || strings.HasPrefix(h, w+",") || strings.HasPrefix(h, w+"/")) {
				t.label = c
				break
			}
		}
	}
	for c := 0; c < t.ncol && t.label < 0; c++ {
		if texty[c] {
			t.label = c
		}
	}
}

// headerLow is column c's header, lower case, top to bottom.
func (t *ttable) headerLow(d *textDoc, c int) string {
	if c >= len(t.heads) {
		return ""
	}
	parts := make([]string, 0, len(t.heads[c]))
	for _, h := range t.heads[c] {
		parts = append(parts, strings.TrimSpace(d.cellLow(h)))
	}
	return strings.Join(parts, " ")
}

// leafLow is the lowest header cell of column c, lower case.
func (t *ttable) leafLow(d *textDoc, c int) string {
	if c >= len(t.heads) || len(t.heads[c]) == 0 {
		return ""
	}
	return strings.TrimSpace(d.cellLow(t.heads[c][len(t.heads[c])-1]))
}

// rowLabel is the label cell of row r: the label column's cell, or (a
// total row merged across the first columns) the first text cell.
func (t *ttable) rowLabel(d *textDoc, r int) tcell {
	if t.label >= 0 {
		if c := t.cell(d, r, t.label); c.end > c.start {
			return c
		}
	}
	for _, c := range t.rows[r].cells {
		s := strings.TrimSpace(d.cellLow(c))
		if s == "" || romanRe.MatchString(s) {
			continue
		}
		if parseCell(s).kind == cellText {
			return c
		}
		if t.label < 0 {
			break
		}
	}
	return tcell{-1, -1}
}

// CellAt finds the table cell a stored value was read from, from the value's
// evidence offsets (runes into text, the normalised text the extraction kept):
// a table value's evidence runs from its row label to its cell, so the cell
// is the one its evidence ends in. Evidence over several rows is the sum of
// those rows (Rows). ok is false for a value read from a sentence.
func CellAt(text string, start, end int) (Cell, bool) {
	if start < 0 || end <= start || !strings.Contains(text, " | ") && !strings.Contains(text, "\t") {
		return Cell{}, false
	}
	d := newTextDoc(text)
	a, b := byteOffset(text, start), byteOffset(text, end)
	if a < 0 || b < 0 {
		return Cell{}, false
	}
	la, lb := d.lineOf(a), d.lineOf(max(b-1, a))
	if !d.tableLine[la] || !d.tableLine[lb] {
		return Cell{}, false
	}
	for _, t := range parseTables(d) {
		first, last := t.rows[0].line, t.rows[len(t.rows)-1].line
		if lb < first || lb > last || la < first {
			continue
		}
		rEnd, rStart := lb-first, la-first
		for c, cell := range t.rows[rEnd].cells {
			if cell.start > b-1 || cell.end < b {
				continue
			}
			ref := &cellRef{table: t.index, row: rStart + 1, col: c + 1, cell: cell, label: t.rowLabel(d, rStart)}
			if rEnd > rStart {
				ref.rows = rEnd - rStart + 1
			}
			if c < len(t.heads) {
				ref.heads = t.heads[c]
			}
			x := &extractor{d: d}
			return *x.cellOf(ref), true
		}
	}
	return Cell{}, false
}

// byteOffset converts a rune index into a byte offset of s, or -1.
func byteOffset(s string, runes int) int {
	n := 0
	for i := range s {
		if n == runes {
			return i
		}
		n++
	}
	if n == runes {
		return len(s)
	}
	return -1
}
