package extract

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	refWords    = []string{"số", "nghị quyết", "chỉ thị", "luật", "dự án", "tiểu dự án", "nghị định", "thông tư", "công văn", "văn bản", "điều", "khoản", "chương", "mục", "phụ lục", "thôn", "bản", "tổ", "khu", "khối", "xóm", "ấp", "ngày", "tháng", "năm", "quý", "giai đoạn", "khóa", "khoá", "lần thứ", "đợt"}
	compWords   = []string{"tăng", "giảm", "nhiều hơn", "ít hơn", "cao hơn", "thấp hơn", "thêm", "tăng thêm", "giảm đi", "giảm được", "tăng lên", "giảm xuống", "bằng", "chênh lệch"}
	approxWords = []string{"hơn", "trên", "gần", "khoảng", "khoảng hơn", "gần như", "ước", "ước tính", "xấp xỉ"}
	pastWords   = []string{"so với", "cùng kỳ", "kỳ trước", "năm trước", "năm ngoái", "so cùng kỳ"}
	planWords   = []string{"phấn đấu", "chỉ tiêu", "dự kiến", "sẽ", "đề nghị", "kiến nghị", "đề xuất", "kế hoạch đề ra", "phải đạt"}
	otherPlace  = []string{"toàn huyện", "toàn tỉnh", "toàn quốc", "cả nước", "cả huyện", "cả tỉnh", "trên địa bàn huyện", "trên địa bàn tỉnh", "các xã", "xã bạn", "cấp huyện", "cấp tỉnh", "toàn thành phố", "toàn quận", "toàn thị xã"}
	upperBody   = regexp.MustCompile(`(?:do|của)\s+(?:cấp trên|huyện|tỉnh|thành phố|quận|thị xã|sở|phòng|trung tâm|ubnd huyện|ủy ban nhân dân huyện|hội liên hiệp phụ nữ huyện|hội lhpn huyện|hội phụ nữ huyện|bộ|trung ương)[^,.;]{0,40}tổ chức|cấp trên tổ chức|(?:^|[^\p{L}])(?:huyện|tỉnh|thành phố|quận|thị xã) tổ chức`)
	yearRefs    = []string{"luật", "nghị quyết", "nghị định", "chỉ thị", "thông tư", "quyết định", "kế hoạch số", "công văn", "văn bản", "chương trình", "đề án", "chiến lược", "giai đoạn", "so với", "cùng kỳ"}
)

// changeOpens is a clause that starts with a change and its figure.
var changeOpens = regexp.MustCompile(`^\s*(?:là\s+)?(?:tăng|giảm|nhiều hơn|ít hơn|cao hơn|thấp hơn|tăng thêm|giảm đi|giảm được|tăng lên|giảm xuống|vượt)\s+(?:được\s+|thêm\s+)?(?:\d|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)`)

// changeWords open a change; "tăng cường", "giảm còn" do not.
var changeWords = []string{"tăng", "giảm", "nhiều hơn", "ít hơn", "cao hơn", "thấp hơn", "vượt"}

// changeList reports whether the text before a figure ends with a change
// word followed only by figures with their units: the figure is one more
// item of the change ("tăng 2 cuộc, 150 lượt người").
func changeList(left string) bool {
	i := lastAnyIndex(left, changeWords)
	if i < 0 {
		return false
	}
	s := left[i:]
	for _, w := range changeWords {
		if strings.HasPrefix(s, w) {
			s = s[len(w):]
			break
		}
	}
	for _, w := range []string{" cường", " thiểu", " nghèo", " còn", " xuống còn", " lên", " trưởng", " thêm"} {
		if strings.HasPrefix(s, w) {
			return false // "tăng cường", "giảm còn 02 vụ": not a change's figure
		}
	}
	items := 0
	for {
		s = strings.TrimLeft(s, " ,\t")
		if s == "" {
			return items > 0
		}
		if strings.HasPrefix(s, "và ") {
			s = s[len("và "):]
			continue
		}
		end := 0
		if s[0] >= '0' && s[0] <= '9' {
			end = digitEnd(s, 0)
		} else if _, n := parseNumberWords(strings.Fields(s)[:1]); n == 1 {
			end = len(strings.Fields(s)[0])
		}
		if end == 0 {
			return false
		}
		s = strings.TrimLeft(s[end:], " ")
		if u := matchUnit(s, 0); u.kind != uNone {
			s = s[u.end:]
		}
		items++
	}
}

// yearSpan is a span of years: "2022–2024", "2022 - 2024".
var yearSpan = regexp.MustCompile(`((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})`)

// beyondPeriod reports whether the text before a figure (since the last
// ";") makes it a total over more than the report's period: a span of
// years ending by the report's year (one running beyond it names a
// programme, "giai đoạn 2021-2030"), or an accumulation (cộng dồn, lũy kế)
// whose span is not the report's own ("Lũy kế 9 tháng" is a 9-month
// report's figure).
func (x *extractor) beyondPeriod(left string) bool {
	if x.periodYear == 0 {
		return false
	}
	if strings.ContainsAny(left, "-–—") && (strings.Contains(left, "19") || strings.Contains(left, "20")) {
		for _, m := range yearSpan.FindAllStringSubmatch(left, -1) {
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[2])
			if a < b && b <= x.periodYear {
				return true
			}
		}
	}
	if i := lastAnyIndex(left, cumHead); i >= 0 {
		if s, ok := columnSpan(left[i:], x.periodYear); ok && relate(s, spanOfPeriod(x.period)) == spanSame {
			return false
		}
		return true
	}
	return false
}

// lastAnyIndex is the position of the last whole-word occurrence of any of ws.
func lastAnyIndex(s string, ws []string) int {
	best := -1
	for _, w := range ws {
		if i := lastWordIndex(s, w); i > best {
			best = i
		}
	}
	return best
}

// excluded drops numbers that are references, comparisons, targets or
// about another place or period.
func (x *extractor) excluded(c mctx) bool {
	d := x.d
	// Document numbers, dates and named things: "số 914/UBND", "ngày 28", "Nghị quyết 11".
	trimmed := strings.TrimRight(c.left, " :")
	for _, w := range refWords {
		if strings.HasSuffix(trimmed, w) && wordBounded(trimmed, len(trimmed)-len(w), len(trimmed)) {
			if w == "số" && (strings.HasSuffix(trimmed, "tổng số") || strings.HasSuffix(trimmed, "với số") || strings.HasSuffix(trimmed, "có số")) {
				continue
			}
			return true
		}
	}
	if c.m.end < len(d.low) {
		next := d.low[c.m.end:]
		if len(next) > 1 && (next[0] == '/' || next[0] == '-' || next[0] == '.') && next[1] != ' ' && next[1] != '\n' {
			return true
		}
	}
	if c.m.start > 1 {
		p := d.low[c.m.start-1]
		if (p == '/' || p == '-' || p == '.' || p == ',') && d.low[c.m.start-2] >= '0' && d.low[c.m.start-2] <= '9' {
			return true
		}
	}
	// Comparisons: "tăng 200 lượt so với cùng kỳ", "(cùng kỳ: 03 vụ)".
	lc := strings.TrimSpace(c.leftClause)
	for _, w := range compWords {
		if strings.HasSuffix(lc, w) && wordBounded(lc, len(lc)-len(w), len(lc)) {
			return true
		}
	}
	if hasAny(c.leftClause, pastWords...) {
		return true
	}
	// "…, tăng 01 cuộc và 210 lượt người so với …", "so với cùng kỳ tăng 2
	// cuộc, 150 lượt người": every figure listed after a change is part of it.
	if changeOpens.MatchString(c.leftClause) || changeList(c.left) {
		return true
	}
	// A figure over several years or accumulated beyond the period:
	// "Cộng dồn 3 năm 2022–2024", "giai đoạn 2022-2024", "lũy kế từ đầu năm".
	if x.beyondPeriod(c.left) {
		return true
	}
	if strings.HasSuffix(strings.TrimSpace(c.left), "(") && hasAny(c.left[max(0, len(c.left)-80):], pastWords...) {
		return true
	}
	if hasAny(c.right, "so với cùng kỳ", "so cùng kỳ") && hasAny(c.leftClause, "tăng", "giảm") {
		return true
	}
	// Targets and requests.
	if hasAny(c.left, planWords...) || hasAny(c.leftClause, "mục tiêu", "cần") {
		return true
	}
	// Another year in the same clause: "năm 2023 xảy ra 03 vụ", unless it
	// dates a law or document ("Luật Phòng, chống bạo lực gia đình năm 2022").
	if x.periodYear > 0 {
		off := len(c.left) - len(c.leftClause)
		for _, m := range yearsIn(c.leftClause, false) {
			if c.leftClause[m[2]:m[3]] != itoaYear(x.periodYear) && !x.yearOfReference(c.left, off+m[2]) {
				return true
			}
		}
	}
	// "Năm 2023, xã tổ chức 10 cuộc": the last year named before the number,
	// not in a document's title or date, is another period's.
	if x.periodYear > 0 {
		if ms := yearsIn(c.left, true); len(ms) > 0 {
			m := ms[len(ms)-1]
			if !x.yearOfReference(c.left, m[2]) && c.left[m[2]:m[3]] != itoaYear(x.periodYear) {
				return true
			}
		}
	}
	// Other places and levels.
	// Every form of upperBody ends in "tổ chức": look for it only then.
	if !strings.Contains(c.sentLow, "phối hợp") && strings.Contains(c.sentLow, "tổ chức") {
		at := c.m.start
		for _, m := range x.upperIn(c.sent) {
			if m[0] < c.win.start || m[1] > c.win.end {
				continue
			}
			// "03 lớp ..., trong đó 01 lớp do huyện tổ chức": the upper level
			// held the part, not the whole.
			a, b := at, m[0]
			if m[0] < at {
				a, b = m[1], at
			}
			if a <= b {
				if btw := d.low[a:b]; strings.Contains(btw, ";") || hasAny(btw, "trong đó", "riêng", "ngoài ra") {
					continue
				}
			}
			return true
		}
	}
	other := -1
	for _, w := range otherPlace {
		if i := lastWordIndex(c.left, w); i > other {
			other = i
		}
	}
	for _, t := range []string{"xã ", "phường ", "thị trấn "} {
		from := 0
		for {
			i := strings.Index(c.left[from:], t)
			if i < 0 {
				break
			}
			i += from
			from = i + len(t)
			name := lowerAligned(placeName(d.text, c.m.start-len(c.left)+i+len(t)))
			if name != "" && x.communeLow != "" && name != x.communeLow && i > other {
				other = i
			}
		}
	}
	if other >= 0 {
		own := -1
		for _, w := range []string{"riêng xã", "trong đó xã", "xã " + x.communeLow, "phường " + x.communeLow, "thị trấn " + x.communeLow} {
			if x.communeLow == "" && strings.HasSuffix(w, " ") {
				continue
			}
			if i := strings.LastIndex(c.left, w); i > own {
				own = i
			}
		}
		if own < other {
			return true
		}
	}
	return false
}

// yearsIn finds the years (19xx, 20xx, four digits standing alone) in s, as
// submatch indexes (the year at m[2]:m[3]); afterNam keeps only years
// written after the word "năm" ("năm 2023"). It scans the bytes itself:
// it runs for every figure.
func yearsIn(s string, afterNam bool) [][]int {
	var out [][]int
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-i == 4 && (s[i:i+2] == "19" || s[i:i+2] == "20") && (!afterNam || namBefore(s, i)) {
			out = append(out, []int{i, j, i, j})
		}
		i = j
	}
	return out
}

// namBefore reports whether "năm" and white space stand just before i.
func namBefore(s string, i int) bool {
	k := i
	for k > 0 && (s[k-1] == ' ' || s[k-1] == '\t' || s[k-1] == '\n') {
		k--
	}
	if k == i || !strings.HasSuffix(s[:k], "năm") {
		return false
	}
	return wordBounded(s, k-len("năm"), k)
}

// upperIn is where sentence si says an upper level held something ("do
// huyện tổ chức"), in text bytes; found once per sentence, however many
// figures it holds.
func (x *extractor) upperIn(si int) [][]int {
	if m, ok := x.upper[si]; ok {
		return m
	}
	s := x.d.sentences[si]
	var ms [][]int
	if low := x.d.low[s.start:s.end]; mayHoldUpperBody(low) {
		ms = upperBody.FindAllStringIndex(low, -1)
	}
	for _, m := range ms {
		m[0], m[1] = m[0]+s.start, m[1]+s.start
	}
	if x.upper == nil {
		x.upper = map[int][][]int{}
	}
	x.upper[si] = ms
	return ms
}

// upperBodies are the words upperBody expects after "do" or "của".
var upperBodies = []string{"cấp trên", "huyện", "tỉnh", "thành phố", "quận", "thị xã", "sở", "phòng", "trung tâm", "ubnd huyện",
	"ủy ban nhân dân huyện", "hội liên hiệp phụ nữ huyện", "hội lhpn huyện", "hội phụ nữ huyện", "bộ", "trung ương"}

// mayHoldUpperBody reports whether s holds what every upperBody match
// does: "do"/"của", spaces and an upper body, or a level right before
// " tổ chức". Most sentences hold neither, and skip the regexp.
func mayHoldUpperBody(s string) bool {
	for _, w := range []string{"cấp trên tổ chức", "huyện tổ chức", "tỉnh tổ chức", "thành phố tổ chức", "quận tổ chức", "thị xã tổ chức"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	for _, by := range []string{"do", "của"} {
		for from := 0; ; {
			i := strings.Index(s[from:], by)
			if i < 0 {
				break
			}
			j := from + i + len(by)
			from = j
			if j >= len(s) || !isSpaceRE(s[j]) {
				continue
			}
			for j < len(s) && isSpaceRE(s[j]) {
				j++
			}
			for _, u := range upperBodies {
				if strings.HasPrefix(s[j:], u) {
					return true
				}
			}
		}
	}
	return false
}

func itoaYear(y int) string {
	return string([]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10)})
}

// yearOfReference reports whether the year at byte at of left dates a law,
// programme or document named just before it.
func (x *extractor) yearOfReference(left string, at int) bool {
	before := left[max(0, at-80):at]
	if i := strings.LastIndexAny(before, ";:("); i >= 0 {
		before = before[i+1:]
	}
	for _, w := range yearRefs {
		if hasWord(before, w) {
			return true
		}
	}
	return false
}
