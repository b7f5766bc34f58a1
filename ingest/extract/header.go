package extract

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bdg-district/bdg/period"
)

// unitTypes are the commune-level unit words, longest first.
var communeTypes = []string{"thị trấn", "phường", "xã"}

// placeName reads a proper name (capitalised words) starting at pos in
// text: "Vạn Thủy", "VẠN THỦY", "Tân Tri", or a ward number "3". It stops at
// the first word that is not capitalised, at punctuation or at line end.
func placeName(text string, pos int) string {
	i := pos
	for i < len(text) && text[i] == ' ' {
		i++
	}
	var words []string
	for len(words) < 7 && i < len(text) {
		j := wordEnd(text, i)
		if j == i {
			break
		}
		w := text[i:j]
		if isNameStop(text, w, j, len(words) == 0) {
			break
		}
		r, _ := utf8.DecodeRuneInString(w)
		digits := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
		if !(unicode.IsUpper(r) || (digits && len(w) <= 3)) {
			break
		}
		if digits {
			// "phường 3" and "phường Mỹ Đình 1" are names; "xã 22 người" is a count.
			if j+1 < len(text) && text[j] == ' ' {
				if r, _ := utf8.DecodeRuneInString(text[j+1:]); unicode.IsLower(r) || unicode.IsDigit(r) {
					break
				}
			}
			words = append(words, w)
			break
		}
		// Initials: "thị trấn N.T Phong Hải".
		if j+1 < len(text) && text[j] == '.' && utf8.RuneCountInString(w) <= 2 {
			if r, _ := utf8.DecodeRuneInString(text[j+1:]); unicode.IsUpper(r) {
				e := wordEnd(text, j+1)
				w, j = text[i:e], e
			}
		}
		// Central Highlands names: "Ea H'leo", "Đắk R'Tíh", "K' Dang".
		for {
			e := apostropheJoin(text, j)
			if e == 0 {
				break
			}
			w, j = text[i:e], e
		}
		words = append(words, w)
		if j >= len(text) {
			break
		}
		// Two old names joined by a dash make one: "Văn Miếu - Quốc Tử Giám".
		if k := dashJoin(text, j); k > 0 {
			words = append(words, "-") // NameKey spaces every dash alike
			i = k
			continue
		}
		if text[j] != ' ' {
			break
		}
		i = j + 1
	}
	if len(words) > 0 && words[len(words)-1] == "-" {
		words = words[:len(words)-1]
	}
	// "Xã hội", "XÃ HỘI CHỦ NGHĨA" is society, not a commune; "xã Hội Hoan" is one.
	if len(words) > 0 && strings.EqualFold(lowerAligned(words[0]), "hội") &&
		(len(words) == 1 || strings.EqualFold(lowerAligned(words[1]), "chủ")) {
		return ""
	}
	return titleCase(strings.Join(words, " "))
}

// wordEnd is the end of the run of letters and digits starting at i.
func wordEnd(text string, i int) int {
	j := i
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			break
		}
		j += n
	}
	return j
}

// apostropheJoin returns the end of the word that continues a name across
// an apostrophe at j ("H'leo", or "K' Dang" with a space and a capital),
// else 0. A closing quote followed by a lower-case word is not one.
func apostropheJoin(text string, j int) int {
	var n int
	switch {
	case strings.HasPrefix(text[j:], "'"):
		n = 1
	case strings.HasPrefix(text[j:], "’"):
		n = len("’")
	default:
		return 0
	}
	k := j + n
	spaced := k < len(text) && text[k] == ' '
	if spaced {
		k++
	}
	r, _ := utf8.DecodeRuneInString(text[k:])
	if !unicode.IsLetter(r) || (spaced && !unicode.IsUpper(r)) {
		return 0
	}
	return wordEnd(text, k)
}

// dashJoin returns where the next name word starts when text[j:] is " - " or
// "-" followed by a capitalised word that is not a header word, else 0.
func dashJoin(text string, j int) int {
	k := j
	if k < len(text) && text[k] == ' ' {
		k++
	}
	if k >= len(text) || text[k] != '-' {
		return 0
	}
	k++
	if k < len(text) && text[k] == ' ' {
		k++
	}
	e := wordEnd(text, k)
	if e == k || isNameStop(text, text[k:e], e, false) {
		return 0
	}
	if r, _ := utf8.DecodeRuneInString(text[k:]); !unicode.IsUpper(r) {
		return 0
	}
	return k
}

// isNameStop tells whether word w, ending at j in text, ends a place name.
// A unit word ends it only when a name follows ("XÃ VẠN THỦY HUYỆN BẮC SƠN"),
// since some names end in one ("xã Tứ Quận", "phường Nguyễn Thị Minh Khai"),
// and header words stop it only as the header phrase ("BÁO CÁO", "CỘNG HÒA",
// "ĐỘC LẬP" after a name), not in "xã Báo Đáp" or "xã Độc Lập".
func isNameStop(text, w string, j int, first bool) bool {
	lw := lowerAligned(w)
	if !nameStop[lw] {
		return false
	}
	next, after := "", ""
	if j < len(text) && text[j] == ' ' {
		e := wordEnd(text, j+1)
		next = text[j+1 : e]
		if e < len(text) && text[e] == ' ' {
			after = lowerAligned(text[e+1 : wordEnd(text, e+1)])
		}
	}
	n := lowerAligned(next)
	switch lw {
	case "thị":
		return n == "trấn" || n == "xã"
	case "báo":
		return n == "cáo"
	case "cộng": // the motto "CỘNG HÒA XÃ HỘI…", not "xã Cộng Hòa"
		return (n == "hòa" || n == "hoà") && after == "xã"
	case "độc":
		return !first
	case "quận", "huyện", "tỉnh", "xã", "phường":
		if first { // "phường Phường Đúc": a name may start with a unit word
			return false
		}
		r, _ := utf8.DecodeRuneInString(next)
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return true
}

// nameStop are words that end a place name run together with the next
// header field ("UBND XÃ VẠN THỦY CỘNG HÒA XÃ HỘI ...").
var nameStop = map[string]bool{"cộng": true, "độc": true, "số": true, "ngày": true, "huyện": true, "tỉnh": true,
	"xã": true, "phường": true, "thị": true, "quận": true, "ubnd": true, "ủy": true, "uỷ": true,
	"báo": true, "kính": true, "v/v": true, "về": true}

// titleCase turns an all-capitals name into "Vạn Thủy"; mixed case is kept.
func titleCase(s string) string {
	if strings.IndexFunc(s, unicode.IsLower) >= 0 {
		return s
	}
	words := strings.Fields(lowerAligned(s))
	for i, w := range words {
		rs := []rune(w)
		for k := range rs {
			if k == 0 || rs[k-1] == '.' { // initials: "N.T"
				rs[k] = unicode.ToUpper(rs[k])
			}
		}
		words[i] = string(rs)
	}
	return strings.Join(words, " ")
}

type placeHit struct {
	kind, name string
	score      int
	first      int
}

// findPlaces collects "<type> <Name>" mentions for the given unit words,
// scoring official forms (UBND, Ủy ban nhân dân) higher.
func findPlaces(d *textDoc, types []string, stopBefore []string) map[string]*placeHit {
	hits := map[string]*placeHit{}
	for _, t := range types {
		from := 0
		for {
			i := wordIndex(d.low, t, from)
			if i < 0 {
				break
			}
			from = i + len(t)
			before := strings.TrimRight(d.low[max(0, i-40):i], " ")
			skip := false
			for _, s := range stopBefore {
				if strings.HasSuffix(before, s) {
					skip = true
				}
			}
			if skip {
				continue
			}
			name := placeName(d.text, i+len(t))
			if name == "" {
				continue
			}
			after := strings.TrimLeft(d.low[min(len(d.low), i+len(t)+1+len(name)):min(len(d.low), i+len(t)+len(name)+12)], " ")
			if strings.HasPrefix(after, "(cũ)") || strings.HasPrefix(after, "cũ") {
				continue
			}
			key := t + "|" + lowerAligned(name)
			h := hits[key]
			if h == nil {
				h = &placeHit{kind: t, name: name, first: i}
				hits[key] = h
			}
			h.score++
			if strings.HasSuffix(before, "ủy ban nhân dân") || strings.HasSuffix(before, "uỷ ban nhân dân") ||
				strings.HasSuffix(before, "ubnd") || d.lineOf(i) < 8 {
				h.score += 3
			}
		}
	}
	return hits
}

func bestPlace(hits map[string]*placeHit, bonus func(*placeHit) int) *placeHit {
	var best *placeHit
	bs := 0
	for _, h := range hits {
		s := h.score + bonus(h)
		if best == nil || s > bs || (s == bs && h.first < best.first) {
			best, bs = h, s
		}
	}
	return best
}

// provinceCities are the centrally governed cities (thành phố trực thuộc
// trung ương); any other "thành phố" is district level.
var provinceCities = map[string]bool{"hà nội": true, "hồ chí minh": true, "hải phòng": true, "đà nẵng": true, "cần thơ": true, "huế": true}

var placeDateRe = regexp.MustCompile(`(?i)(\p{Lu}[^\d,|:]{1,60}),\s*ngày\s*(\d{1,2}|[.…_ ]*)\s*(?:tháng\s*(\d{1,2}|[.…_ ]*)\s*năm\s*(\d{4})|/\s*(\d{1,2})\s*/\s*(\d{4})|/\s*[.…_ ]*\s*/\s*(\d{4}))`)

// header fills the commune, district, province, report date, doc number and
// signer.
func (x *extractor) header() {
	d := x.d
	// Place-date line: "Vạn Thủy, ngày 28 tháng 6 năm 2024".
	placeOnLine := ""
	for i, l := range d.lines {
		if i > 40 {
			break
		}
		// The regexp backtracks from every capital letter; most lines have
		// no "ngày" and cannot match, so skip them cheaply (the lower-cased
		// line has it where any cell's lower case does).
		if !strings.Contains(d.low[l.start:l.end], "ngày") {
			continue
		}
		for _, cell := range strings.Split(d.text[l.start:l.end], " | ") {
			if !strings.Contains(strings.ToLower(cell), "ngày") {
				continue
			}
			m := placeDateRe.FindStringSubmatch(strings.TrimSpace(cell))
			if m == nil || x.out.ReportDate != nil {
				continue
			}
			placeOnLine = strings.TrimSpace(m[1])
			if f := strings.Fields(placeOnLine); len(f) > 4 {
				placeOnLine = strings.Join(f[len(f)-4:], " ")
			}
			day, month, year := m[2], m[3], m[4]
			if m[6] != "" {
				month, year = m[5], m[6]
			} else if m[7] != "" {
				year = m[7]
			}
			x.out.ReportDate = str(reportDate(year, month, day))
		}
	}
	// Commune.
	hits := findPlaces(d, communeTypes, []string{"thị", "các", "toàn"})
	if h := bestPlace(hits, func(h *placeHit) int {
		if placeOnLine != "" && strings.EqualFold(lowerAligned(h.name), lowerAligned(placeOnLine)) {
			return 5
		}
		return 0
	}); h != nil {
		x.out.Commune, x.out.UnitType = str(h.name), str(h.kind)
		x.communeLow = lowerAligned(h.name)
	}
	if x.out.Commune == nil {
		// "UBND xã hữu liên": a name typed without capitals, read only from
		// the issuing body at the top.
		if kind, name := lowerCommune(d); name != "" {
			x.out.Commune, x.out.UnitType = str(name), str(kind)
			x.communeLow = lowerAligned(name)
		}
	}
	// District and province.
	dh := findPlaces(d, []string{"huyện", "quận", "thị xã", "thành phố"}, []string{"toàn"})
	ph := findPlaces(d, []string{"tỉnh", "thành phố"}, []string{"toàn"})
	for k, h := range dh {
		if h.kind == "thành phố" && provinceCities[lowerAligned(h.name)] {
			delete(dh, k)
		}
	}
	for k, h := range ph {
		if h.kind == "thành phố" && !provinceCities[lowerAligned(h.name)] {
			delete(ph, k)
		}
	}
	if h := bestPlace(dh, func(*placeHit) int { return 0 }); h != nil {
		x.out.District = str(h.name)
	}
	if h := bestPlace(ph, func(*placeHit) int { return 0 }); h != nil {
		x.out.Province = str(h.name)
	}
	x.out.DocNumber = docNumber(d)
	x.out.Signer = signer(d)
}

func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// reportDate renders the signing date as far as it is filled in:
// 2024-06-28, 2024-06 or 2024.
func reportDate(year, month, day string) string {
	y, err := strconv.Atoi(year)
	if err != nil || y < 1990 || y > 2100 {
		return ""
	}
	m, err := strconv.Atoi(strings.TrimSpace(month))
	if err != nil || m < 1 || m > 12 {
		return year
	}
	dd, err := strconv.Atoi(strings.TrimSpace(day))
	if err != nil || dd < 1 || dd > 31 {
		return year + "-" + twoDigits(m)
	}
	return year + "-" + twoDigits(m) + "-" + twoDigits(dd)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

var docNumberRe = regexp.MustCompile(`^(?i:số)\s*:?\s*(\d+[\p{L}\p{N}\-./]*\s*/\s*[\p{L}\p{N}\-./]*[\p{L}\p{N}])`)

// docNumber reads "Số: 45/BC-UBND" near the top; a blank number is nil.
func docNumber(d *textDoc) *string {
	for i, l := range d.lines {
		if i > 30 {
			break
		}
		for _, cell := range strings.Split(d.text[l.start:l.end], " | ") {
			cell = strings.TrimSpace(cell)
			if !strings.HasPrefix(lowerAligned(cell[:min(len(cell), len("số"))]), "số") {
				continue
			}
			if m := docNumberRe.FindStringSubmatch(cell); m != nil {
				return str(strings.Join(strings.Fields(m[1]), ""))
			}
			if utf8.RuneCountInString(cell) < 40 && strings.Contains(cell, "/") {
				return nil // "Số: /BC-UBND": left blank
			}
		}
	}
	return nil
}

var bracketed = regexp.MustCompile(`\([^)]*\)`)

var signerTitle = regexp.MustCompile(`(?:PHÓ\s+)?CHỦ\s+TỊCH|TRƯỞNG\s+BAN|BÍ\s+THƯ`)

// signerTitleAt is signerTitle at the start of a string.
var signerTitleAt = regexp.MustCompile(`^(?:` + signerTitle.String() + `)`)

// signerWords are the words every title starts with.
var signerWords = []string{"PHÓ", "CHỦ", "TRƯỞNG", "BÍ"}

// lastTitleEnd is where the last signerTitle match in s ends (as
// FindAllStringIndex finds them), or -1. Every match starts with one of
// signerWords, so only those places are tried, in order, each match
// resuming the search at its end: a long report holds a few titles, and
// the regexp no longer runs over all of its second half.
func lastTitleEnd(s string) int {
	var at []int
	for _, w := range signerWords {
		for from := 0; ; {
			i := strings.Index(s[from:], w)
			if i < 0 {
				break
			}
			at = append(at, from+i)
			from += i + len(w)
		}
	}
	sort.Ints(at)
	end, pos := -1, 0
	for _, q := range at {
		if q < pos {
			continue
		}
		if loc := signerTitleAt.FindStringIndex(s[q:]); loc != nil {
			end, pos = q+loc[1], q+loc[1]
		}
	}
	return end
}

// signer finds the name written under the last CHỦ TỊCH title at the end.
func signer(d *textDoc) *string {
	tail := d.text[len(d.text)*1/2:]
	end := lastTitleEnd(tail)
	if end < 0 {
		return nil
	}
	rest := tail[end:]
	// Skip "(Đã ký)", "(Ký, ghi rõ họ tên, đóng dấu)" and separators.
	rest = bracketed.ReplaceAllString(rest, " ")
	for _, f := range strings.FieldsFunc(rest, func(r rune) bool { return r == '\n' || r == '|' }) {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if n := personName(f); n != "" {
			return str(n)
		}
		if utf8.RuneCountInString(f) > 60 {
			break
		}
	}
	return nil
}

// personName accepts 2-5 capitalised words without digits or punctuation.
func personName(s string) string {
	ws := strings.Fields(s)
	if len(ws) < 2 || len(ws) > 5 {
		return ""
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return ""
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && !unicode.Is(unicode.Mn, c) {
				return ""
			}
		}
	}
	low := lowerAligned(s)
	for _, bad := range []string{"ủy ban", "uỷ ban", "chủ tịch", "nhân dân", "tm", "kt"} {
		if hasWord(low, bad) {
			return ""
		}
	}
	return titleCase(s)
}

var (
	dateMask = regexp.MustCompile(`ngày\s*(?:\d{1,2}|[.…_]*)\s*tháng\s*(?:\d{1,2}|[.…_]*)\s*năm\s*\d{4}|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|giai đoạn\s*\d{4}\s*[-–]\s*\d{4}|\d{4}\s*[-–]\s*\d{4}`)
	// Each period phrase holds its literal word ("tháng", "quý", "năm"): a
	// text without it is not searched.
	periodRes = []struct {
		re   *regexp.Regexp
		kind string
		word string
		lead int // the most bytes before "tháng" and its spaces (0: the pattern starts with its word)
	}{
		{regexp.MustCompile(`(?:0?6|sáu)\s+tháng\s+cuối\s+năm\s+(?:năm\s+)?(\d{4})`), "H2", "cuối", len("sáu")},
		{regexp.MustCompile(`(?:0?6|sáu)\s+tháng\s+(?:đầu\s+)?năm\s+(?:năm\s+)?(\d{4})`), "H1", "tháng", len("sáu")},
		{regexp.MustCompile(`(?:0?9|chín)\s+tháng\s+(?:đầu\s+)?năm\s+(?:năm\s+)?(\d{4})`), "9M", "tháng", len("chín")},
		{regexp.MustCompile(`quý\s+(i{1,3}|iv|[1-4]|một|hai|ba|bốn|tư)\s*(?:năm\s+|/\s*)(\d{4})`), "Q", "quý", 0},
		{regexp.MustCompile(`tháng\s+(\d{1,2})\s*(?:năm\s+|/\s*)(\d{4})`), "M", "tháng", 0},
		{regexp.MustCompile(`năm\s+(\d{4})`), "Y", "năm", 0},
	}
	quarterN = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4}
)

// PeriodFromPhrase finds the first period phrase in s ("6 tháng đầu năm
// 2024", "quý III năm 2024", "năm 2023") and returns its code, or "".
// Dates ("ngày 28 tháng 5 năm 2024") and spans ("giai đoạn 2021-2030") are
// not periods.
func PeriodFromPhrase(s string) string {
	low := lowerAligned(s)
	// Every date form holds "ngày", "/" or a dash after a year.
	if strings.Contains(low, "ngày") || strings.Contains(low, "/") || dashAfterDigit(low) {
		low = dateMask.ReplaceAllStringFunc(low, func(m string) string { return strings.Repeat("#", len(m)) })
	}
	best, bestAt := "", len(low)+1
	for _, p := range periodRes {
		if !strings.Contains(low, p.word) {
			continue
		}
		// "6 tháng ...": no match starts before the number word in front
		// of the first "tháng", so the search starts there.
		from := 0
		if p.lead > 0 {
			t := strings.Index(low, "tháng")
			if t < 0 {
				continue
			}
			for t > 0 && isSpaceRE(low[t-1]) {
				t--
			}
			from = max(0, t-p.lead)
			for from > 0 && !utf8.RuneStart(low[from]) {
				from--
			}
		}
		m := p.re.FindStringSubmatchIndex(low[from:])
		for i := range m {
			if m[i] >= 0 {
				m[i] += from
			}
		}
		if m == nil || m[0] >= bestAt {
			continue
		}
		if m[0] > 0 {
			r, _ := utf8.DecodeLastRuneInString(low[:m[0]])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				continue
			}
		}
		var code string
		switch p.kind {
		case "H1", "H2", "9M":
			code = low[m[2]:m[3]] + "-" + p.kind
		case "Q":
			code = low[m[4]:m[5]] + "-Q" + strconv.Itoa(quarterN[low[m[2]:m[3]]])
		case "M":
			n, _ := strconv.Atoi(low[m[2]:m[3]])
			code = low[m[4]:m[5]] + "-M" + twoDigits(n)
		case "Y":
			code = low[m[2]:m[3]]
		}
		pp, err := period.Parse(code)
		if err != nil {
			continue
		}
		best, bestAt = pp.String(), m[0]
	}
	return best
}

// isSpaceRE is the regexp package's \s: [\t\n\f\r ].
func isSpaceRE(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// dashAfterDigit reports whether a dash ("-", "–") follows a digit and
// spaces in s, as in every year span dateMask masks.
func dashAfterDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		j := i
		switch {
		case s[i] == '-':
		case strings.HasPrefix(s[i:], "–"):
		default:
			continue
		}
		for j > 0 && isSpaceRE(s[j-1]) {
			j--
		}
		if j > 0 && s[j-1] >= '0' && s[j-1] <= '9' {
			return true
		}
	}
	return false
}

// reportPeriod reads the period from the title ("BÁO CÁO ..." and the lines
// after it), else from the opening lines, never from the tasks part.
func (x *extractor) reportPeriod() {
	d := x.d
	title := ""
	for i, l := range d.lines {
		if i > 40 {
			break
		}
		low := strings.TrimSpace(d.low[l.start:l.end])
		if strings.HasPrefix(low, "báo cáo") {
			end := l.end
			n := 0
			for j := i + 1; j < len(d.lines) && n < 3; j++ {
				lj := strings.TrimSpace(d.low[d.lines[j].start:d.lines[j].end])
				if lj == "" {
					continue
				}
				if strings.HasPrefix(lj, "thực hiện") || strings.HasPrefix(lj, "căn cứ") || strings.HasPrefix(lj, "kính gửi") {
					break
				}
				n++
				end = d.lines[j].end
			}
			title = d.text[l.start:end]
			break
		}
	}
	p := PeriodFromPhrase(title)
	if p == "" {
		head := d.text
		for i, sec := range d.lineSec {
			if sec != secResults {
				head = d.text[:d.lines[i].start]
				break
			}
		}
		if len(head) > 3000 {
			head = head[:3000]
		}
		p = PeriodFromPhrase(strings.ToValidUTF8(head, ""))
	}
	x.out.Period = str(p)
	if pp, err := period.Parse(p); err == nil {
		x.period, x.periodYear = pp, pp.Year
	}
}

var notName = map[string]bool{"đã": true, "có": true, "được": true, "thực": true, "tổ": true, "ban": true, "các": true, "trên": true, "và": true, "là": true, "đến": true}

// lowerCommune reads "<UBND|Ủy ban nhân dân> xã <name>" in the first lines
// when the name is not capitalised.
func lowerCommune(d *textDoc) (string, string) {
	for i, l := range d.lines {
		if i > 15 {
			break
		}
		low := d.low[l.start:l.end]
		for _, pre := range []string{"ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân "} {
			for _, t := range communeTypes {
				k := strings.Index(low, pre+t+" ")
				if k < 0 || (k > 0 && !wordBounded(low, k, k+len(pre))) {
					continue
				}
				rest := low[k+len(pre)+len(t)+1:]
				// The name must fill the rest of the header cell.
				if j := strings.IndexAny(rest, "|\t"); j >= 0 {
					rest = rest[:j]
				}
				words := strings.Fields(rest)
				ok := len(words) > 0 && len(words) <= 3 && words[0] != "hội"
				for _, w := range words {
					if nameStop[w] || notName[w] || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) >= 0 {
						ok = false
					}
				}
				if !ok {
					continue
				}
				for wi, w := range words {
					r, n := utf8.DecodeRuneInString(w)
					words[wi] = string(unicode.ToUpper(r)) + w[n:]
				}
				return t, strings.Join(words, " ")
			}
		}
	}
	return "", ""
}
