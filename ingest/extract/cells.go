package extract

import (
	"regexp"
	"strings"
)

// cellKind is what a table cell holds.
type cellKind int

const (
	cellBlank  cellKind = iota // nothing written
	cellDash                   // "-", "–", "x", "…": nothing stated, unless a legend says "-" is none
	cellNumber                 // one figure, maybe with its unit: "1.250", "04 cuộc", "33,33%", "0"
	cellBound                  // a lower or upper bound, not a figure: "≥ 40", "hơn 3.000"
	cellSigned                 // a change: "+2", "-1"
	cellText                   // words
)

// cellValue is a cell read as a figure.
type cellValue struct {
	kind  cellKind
	value float64
	unit  unitMatch // the unit written after the figure, if any
}

var (
	dashCell = regexp.MustCompile(`^(?:-+|–|—|x|\.{2,}|…+|_+|/|k|kxđ|không xác định|chưa có số liệu|chưa thống kê)$`)
	// boundWords make a figure a bound: "hơn 3.000", "trên 200", "≥ 40".
	boundWords  = []string{"≥", "≤", ">", "<", "hơn", "trên", "dưới", "gần", "khoảng", "ít nhất", "tối thiểu", "tối đa", "ước", "ước tính", "xấp xỉ", "~", "từ"}
	noneCell    = []string{"không", "không có", "0 (không)"}
	signedStart = regexp.MustCompile(`^[+\-–]\s*\d`)
)

// parseCell reads a table cell (lower case): one number, perhaps with its
// unit or a percent sign, as the prose writes numbers (1.250; 33,33%).
func parseCell(s string) cellValue {
	s = strings.TrimSpace(s)
	if s == "" {
		return cellValue{kind: cellBlank}
	}
	if dashCell.MatchString(s) {
		return cellValue{kind: cellDash}
	}
	for _, w := range noneCell {
		if s == w {
			return cellValue{kind: cellNumber}
		}
	}
	if signedStart.MatchString(s) {
		return cellValue{kind: cellSigned}
	}
	for _, w := range boundWords {
		if strings.HasPrefix(s, w) && (len(s) == len(w) || !isLetterAt(s, len(w))) {
			rest := strings.TrimSpace(strings.TrimSuffix(s[len(w):], "trở lên"))
			if rest != "" && rest[0] >= '0' && rest[0] <= '9' && parseCell(rest).kind == cellNumber {
				return cellValue{kind: cellBound}
			}
		}
	}
	m := digitNumber.FindStringIndex(s)
	if m == nil || m[0] != 0 {
		return cellValue{kind: cellText}
	}
	v, ok := parseDigits(s[:m[1]])
	if !ok {
		return cellValue{kind: cellText}
	}
	rest := strings.TrimSpace(s[m[1]:])
	if englishThousands.MatchString(s[:m[1]]) && !strings.HasPrefix(rest, "%") {
		// "1,250" typed the English way is a thousand and more, as in the prose.
		v, _ = parseDigits(strings.ReplaceAll(s[:m[1]], ",", ""))
	}
	switch {
	case rest == "":
		return cellValue{kind: cellNumber, value: v}
	case rest == "%":
		return cellValue{kind: cellNumber, value: v, unit: unitMatch{kind: uPercent, noun: "%"}}
	case rest == "+" || strings.HasPrefix(rest, "trở lên"):
		return cellValue{kind: cellBound}
	}
	if u := matchUnit(s, m[1]); u.kind != uNone && strings.TrimSpace(s[u.end:]) == "" {
		return cellValue{kind: cellNumber, value: v, unit: u}
	}
	return cellValue{kind: cellText}
}

func isLetterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	return (c >= 'a' && c <= 'z') || c >= 0x80
}

// dashLegend is a note that "-" stands for none: "Ghi chú: dấu (-) là không
// phát sinh", "(-): không có".
var dashLegend = regexp.MustCompile(`(?:dấu|ký hiệu|kí hiệu)?\s*[("“'‘]?\s*[-–—]\s*[)"”'’]?\s*(?::|là|=|thể hiện|chỉ|nghĩa là)\s*(?:là\s*)?(?:không phát sinh|không có|không xảy ra|bằng 0|bằng không|số 0|0\b|chưa phát sinh)`)

// dashMeansNone reports whether the table's own legend, in the lines around
// it or in a row of its own, says that "-" means none.
func (t *ttable) dashMeansNone(d *textDoc) bool {
	first, last := t.rows[0].line, t.rows[len(t.rows)-1].line
	for li := max(0, first-3); li < min(len(d.lines), last+5); li++ {
		l := d.lines[li]
		low := d.low[l.start:l.end]
		if strings.ContainsAny(low, "-–—") && dashLegend.MatchString(low) {
			return true
		}
	}
	return false
}
