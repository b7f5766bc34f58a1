package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

type topic int

const (
	tNone topic = iota
	tAware
	tTrain
	tContest
	tGBV
	tSupport
	tStaff
	tCadre
)

// topicWords are the cues that say what a counted thing is about.
var topicWords = map[topic][]string{
	tAware:   {"tuyên truyền", "truyền thông", "phổ biến", "nói chuyện", "sinh hoạt chuyên đề", "loa phát thanh", "giáo dục pháp luật", "đối thoại"},
	tTrain:   {"tập huấn", "bồi dưỡng", "đào tạo", "nâng cao năng lực"},
	tContest: {"hội thi", "cuộc thi", "dự thi", "thi tìm hiểu", "liên hoan", "đội thi"},
	tGBV:     {"bạo lực", "bạo hành"},
	tSupport: {"hỗ trợ", "tư vấn", "trợ giúp", "can thiệp", "giúp đỡ", "chăm sóc", "tiếp nhận"},
	tStaff:   {"kiêm nhiệm", "chuyên trách", "phụ trách", "làm công tác bình đẳng giới", "cán bộ bình đẳng giới", "làm công tác bđg"},
	tCadre:   {"cán bộ, công chức", "cán bộ công chức", "cbcc", "công chức"},
}

// nearest returns the topic whose cue is closest to the number: the last
// cue in left (text before the number) or the first in right (the clause
// after the unit).
func nearest(left, right string, topics ...topic) (topic, int) {
	best, dist := tNone, 1<<30
	for _, t := range topics {
		for _, w := range topicWords[t] {
			if i := lastWordIndex(left, w); i >= 0 {
				if d := len(left) - (i + len(w)); d < dist {
					best, dist = t, d
				}
			}
			if i := wordIndex(right, w, 0); i >= 0 && i < dist {
				best, dist = t, i
			}
		}
	}
	return best, dist
}

func hasTopic(s string, t topic) bool { return hasAny(s, topicWords[t]...) }

// mctx is a number in its sentence.
type mctx struct {
	m          mention
	sent       int
	left       string // lower-case sentence text before the number, since the last ";"
	leftSent   string // ... the whole sentence before the number
	leftClause string // ... since the last , ; ( :
	right      string // lower-case clause after the unit
	rightFull  string // rest of the sentence after the unit
	subset     bool   // "riêng ...", "trong đó ...": a part of a figure stated before
	sentLow    string
	unit       string // unit as written
}

var clauseStops = []string{",", ";", ".", "(", ")", ":", " và ", " với ", " | ", "\t"}

func (x *extractor) context(m mention, si int) mctx {
	d := x.d
	s := d.sentences[si]
	c := mctx{m: m, sent: si, left: d.low[s.start:m.start], sentLow: d.low[s.start:s.end]}
	c.leftSent = c.left
	if i := strings.LastIndex(c.left, ";"); i >= 0 {
		c.left = c.left[i+1:]
	}
	cut := -1
	for _, p := range []string{",", ";", "(", ":", " | "} {
		if i := strings.LastIndex(c.left, p); i > cut {
			cut = i + len(p) - 1
		}
	}
	c.leftClause = c.left[cut+1:]
	from := m.end
	if m.unit.kind != uNone {
		from = m.unit.end
		c.unit = d.text[m.unit.start:m.unit.end]
	}
	if from > s.end {
		from = s.end
	}
	rest := d.low[from:s.end]
	end := len(rest)
	for _, p := range clauseStops {
		if i := strings.Index(rest, p); i >= 0 && i < end {
			// A decimal comma or thousands dot is not a clause stop.
			if (p == "," || p == ".") && i+1 < len(rest) && rest[i+1] >= '0' && rest[i+1] <= '9' {
				continue
			}
			end = i
		}
	}
	c.right = rest[:end]
	c.rightFull = rest
	lc := strings.TrimSpace(c.leftClause)
	c.subset = strings.HasPrefix(lc, "riêng") || strings.HasPrefix(lc, "trong đó")
	return c
}

// mentions classifies every number written with a unit.
func (x *extractor) mentions() {
	d := x.d
	for _, m := range findNumbers(d.low) {
		m.unit = matchUnit(d.low, m.end)
		if m.unit.kind == uNone || m.unit.kind == uContest || (m.words && m.unit.kind == uPercent) {
			continue
		}
		if m.words && m.unit.kind != uPercent && x.yearWord(m) {
			continue
		}
		si := d.sentenceOf(m.start)
		if si < 0 || d.lineSec[d.lineOf(m.start)] != secResults {
			continue
		}
		c := x.context(m, si)
		if x.excluded(c) {
			continue
		}
		x.classify(c)
	}
}

// yearWord rejects "năm" meaning year: "trong năm cán bộ ..." is not five.
func (x *extractor) yearWord(m mention) bool {
	w := x.d.low[m.start:m.end]
	if !strings.HasPrefix(w, "năm") {
		return false
	}
	p := prevWords(x.d.low[:m.start], 1)
	switch p {
	case "trong", "của", "cả", "hằng", "hàng", "mỗi", "đầu", "cuối", "các", "từng", "tháng", "nửa", "giữa":
		return true
	}
	return false
}

// prevWords returns the last n words of s (lower case, punctuation trimmed).
func prevWords(s string, n int) string {
	f := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ':' || r == '(' || r == '"' || r == '“' })
	if len(f) < n {
		return strings.Join(f, " ")
	}
	return strings.Join(f[len(f)-n:], " ")
}

var (
	yearRe      = regexp.MustCompile(`(?:^|[^\d])((?:19|20)\d{2})(?:[^\d]|$)`)
	refWords    = []string{"số", "nghị quyết", "chỉ thị", "luật", "dự án", "tiểu dự án", "nghị định", "thông tư", "công văn", "văn bản", "điều", "khoản", "chương", "mục", "phụ lục", "thôn", "bản", "tổ", "khu", "khối", "xóm", "ấp", "ngày", "tháng", "năm", "quý", "giai đoạn", "khóa", "khoá", "lần thứ", "đợt"}
	compWords   = []string{"tăng", "giảm", "nhiều hơn", "ít hơn", "cao hơn", "thấp hơn", "thêm", "tăng thêm", "giảm đi", "giảm được", "tăng lên", "giảm xuống", "bằng", "chênh lệch"}
	approxWords = []string{"hơn", "trên", "gần", "khoảng", "khoảng hơn", "gần như", "ước", "ước tính", "xấp xỉ"}
	pastWords   = []string{"so với", "cùng kỳ", "kỳ trước", "năm trước", "năm ngoái", "so cùng kỳ"}
	planWords   = []string{"phấn đấu", "chỉ tiêu", "dự kiến", "mục tiêu", "sẽ", "đề nghị", "kiến nghị", "đề xuất", "kế hoạch đề ra", "phải đạt", "cần"}
	otherPlace  = []string{"toàn huyện", "toàn tỉnh", "toàn quốc", "cả nước", "cả huyện", "cả tỉnh", "trên địa bàn huyện", "trên địa bàn tỉnh", "các xã", "xã bạn", "cấp huyện", "cấp tỉnh", "toàn thành phố", "toàn quận", "toàn thị xã"}
	upperBody   = regexp.MustCompile(`(?:do|của)\s+(?:cấp trên|huyện|tỉnh|sở|phòng|trung tâm|ubnd huyện|ủy ban nhân dân huyện|hội liên hiệp phụ nữ huyện|hội lhpn huyện|hội phụ nữ huyện|bộ|trung ương)[^,.;]{0,40}tổ chức|cấp trên tổ chức|(?:^|[^\p{L}])(?:huyện|tỉnh) tổ chức`)
)

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
	if strings.HasSuffix(strings.TrimSpace(c.left), "(") && hasAny(c.left[max(0, len(c.left)-80):], pastWords...) {
		return true
	}
	if hasAny(c.right, "so với cùng kỳ", "so cùng kỳ") && hasAny(c.leftClause, "tăng", "giảm") {
		return true
	}
	// Targets and requests.
	if hasAny(c.left, planWords...) {
		return true
	}
	// Another year in the same clause: "năm 2023 xảy ra 03 vụ".
	if x.periodYear > 0 {
		for _, m := range yearRe.FindAllStringSubmatch(c.leftClause, -1) {
			if m[1] != itoaYear(x.periodYear) {
				return true
			}
		}
	}
	// Other places and levels.
	if upperBody.MatchString(c.sentLow) && !strings.Contains(c.sentLow, "phối hợp") {
		return true
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

func itoaYear(y int) string {
	return string([]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10)})
}

var participation = []string{"tham gia", "tham dự", "nghe", "dự", "được tuyên truyền", "được tập huấn", "được bồi dưỡng", "dự thi", "cổ vũ", "theo dõi"}

// classify turns one number with its unit into candidate indicator values.
func (x *extractor) classify(c mctx) {
	ev := x.d.sentences[c.sent]
	// "hơn 500 lượt", "khoảng 300 người": an approximate figure is less sure.
	approx := 0.0
	if lc := strings.TrimSpace(c.leftClause); lc != "" {
		for _, w := range approxWords {
			if strings.HasSuffix(lc, w) && wordBounded(lc, len(lc)-len(w), len(lc)) {
				approx = 0.1
			}
		}
	}
	add := func(code string, conf float64) {
		conf -= approx
		x.add(cand{code: code, value: c.m.value, unit: c.unit, noun: c.m.unit.noun, ev: ev, conf: conf, sent: c.sent, subset: c.subset})
	}
	switch c.m.unit.kind {
	case uPercent:
		if !hasWord(c.left, "nữ") {
			return
		}
		t, _ := nearest(c.left, c.right, tStaff, tCadre)
		switch t {
		case tStaff:
			add("female_staff_ratio", 0.85)
		case tCadre:
			add("female_cadre_ratio", 0.85)
		}
	case uSession:
		t, dist := nearest(c.left, c.right, tAware, tTrain, tContest)
		switch t {
		case tAware:
			add("comm_sessions", near(dist))
		case tTrain:
			add("training_sessions", near(dist))
		}
	case uClass:
		if t, dist := nearest(c.left, c.right, tTrain, tAware); t == tTrain {
			add("training_sessions", near(dist))
		}
	case uVictim:
		if hasTopic(c.left, tSupport) || hasTopic(c.right, tSupport) {
			add("gbv_victims_supported", 0.9)
		}
	case uCase:
		if hasAny(c.leftClause, "hòa giải", "hoà giải", "giải quyết", "xử lý", "xử phạt") {
			return
		}
		if hasAny(c.right, "tảo hôn", "kết hôn", "hôn nhân", "mua bán", "trộm", "ma túy", "tai nạn", "ly hôn") && !hasTopic(c.right, tGBV) {
			return
		}
		// "02 vụ mâu thuẫn vợ chồng": the clause names another kind of case.
		r := strings.TrimSpace(c.right)
		if r != "" && !hasTopic(r, tGBV) {
			switch strings.Fields(r)[0] {
			case "được", "đã", "xảy", "trong", "tại", "ở", "trên", "do", "là", "nào", "gia", "việc":
			default:
				return
			}
		}
		if !hasTopic(c.right, tGBV) && !hasTopic(c.leftSent, tGBV) {
			return
		}
		if c.m.unit.noun == "trường hợp" {
			if t, _ := nearest(c.left, c.right, tSupport, tGBV); t == tSupport {
				add("gbv_victims_supported", 0.8)
				return
			}
		}
		if hasTopic(c.right, tGBV) {
			add("gbv_incidents", 0.9)
		} else {
			add("gbv_incidents", 0.8)
		}
	case uTeam:
		if hasTopic(c.sentLow, tContest) {
			add("contest_teams", 0.9)
		} else if x.prevSentenceHas(c.sent, tContest) {
			add("contest_teams", 0.7)
		}
	case uModel:
		add("community_models", 0.85)
	case uPlan, uDecision:
		if !hasAny(c.left, "ban hành", "xây dựng", "tham mưu", "triển khai", "ban hành được") && !hasAny(c.right, "ban hành") {
			return
		}
		if c.m.unit.kind == uPlan {
			add("plans_issued", 0.9)
		} else {
			add("decisions_issued", 0.9)
		}
	case uPersonTimes, uPerson, uFemale:
		x.classifyPeople(c, add)
	}
}

// classifyPeople handles counts of people: audiences, trainees, contestants,
// gender-equality staff, cadres and victims.
func (x *extractor) classifyPeople(c mctx, add func(string, float64)) {
	noun := c.m.unit.noun
	right := strings.TrimSpace(c.right)
	if hasAny(right, "cổ vũ", "khán giả", "xem", "theo dõi") {
		return
	}
	if noun == "thí sinh" || hasAny(right, "dự thi", "tham gia thi") {
		if hasTopic(c.sentLow, tContest) || hasWord(right, "dự thi") {
			add("contest_participants", 0.9)
		}
		return
	}
	lastLeft := prevWords(c.left, 1)
	partic := c.m.unit.kind == uPersonTimes || hasAny(right, participation...) || lastLeft == "cho" || lastLeft == "hút"
	if partic && c.m.unit.kind != uFemale {
		t, dist := nearest(c.left, c.right, tAware, tTrain, tContest)
		conf := near(dist)
		if c.m.unit.kind != uPersonTimes {
			conf -= 0.15
		}
		switch t {
		case tAware:
			add("listeners_reached", conf)
			return
		case tTrain:
			add("training_attendance", conf)
			return
		case tContest:
			if hasWord(right, "tham gia") && c.m.unit.kind != uPersonTimes {
				add("contest_participants", 0.7)
			}
			return
		}
		if c.m.unit.kind == uPersonTimes {
			return
		}
	}
	switch noun {
	case "người", "cán bộ", "công chức", "đồng chí", "nữ", "thành viên":
	default:
		return
	}
	t, _ := nearest(c.left, c.right, tStaff, tCadre, tAware, tTrain, tContest, tSupport)
	switch t {
	case tStaff, tCadre:
		total, female := "gender_staff_total", "gender_staff_female"
		if t == tCadre {
			total, female = "cadre_total", "cadre_female"
		}
		lc := strings.TrimSpace(c.leftClause)
		isFemale := c.m.unit.kind == uFemale || strings.HasPrefix(right, "nữ") ||
			strings.HasSuffix(lc, "nữ") || strings.HasSuffix(lc, "nữ là") || strings.HasSuffix(lc, "nữ có") ||
			strings.HasSuffix(lc, "trong đó") || strings.HasSuffix(lc, "trong đó có")
		if strings.HasPrefix(right, "nam") || strings.HasSuffix(lc, "nam") {
			return
		}
		laNu := false
		for _, w := range []string{"là nữ", "(nữ)", "đều là nữ"} {
			if i := strings.Index(c.rightFull, w); i >= 0 && i < 120 && !strings.ContainsAny(c.rightFull[:i], "0123456789") {
				laNu = true
			}
		}
		switch {
		case laNu && !hasWord(c.left, "trong đó"):
			add(total, 0.85)
			add(female, 0.85)
		case isFemale || laNu:
			add(female, 0.85)
		default:
			add(total, 0.85)
		}
	case tSupport:
		if noun == "người" && (hasAny(c.sentLow, "nạn nhân", "bị bạo lực", "bị bạo hành")) {
			add("gbv_victims_supported", 0.75)
		}
	}
}

func near(dist int) float64 {
	if dist < 160 {
		return 0.9
	}
	return 0.75
}

func (x *extractor) prevSentenceHas(si int, t topic) bool {
	if si == 0 {
		return false
	}
	p := x.d.sentences[si-1]
	if x.d.lineOf(p.start) != x.d.lineOf(x.d.sentences[si].start) && x.d.lineOf(p.start) < x.d.lineOf(x.d.sentences[si].start)-2 {
		return false
	}
	return hasTopic(x.d.low[p.start:p.end], t)
}

var (
	zeroRe      = regexp.MustCompile(`(?:không|chưa)\s+(?:có|xảy ra|để xảy ra|phát hiện|ghi nhận|phát sinh|tổ chức được|tổ chức|mở được|mở)\s+(?:bất kỳ\s+|một\s+)?(vụ việc|vụ|trường hợp|cuộc|buổi|lớp)(?:[^\p{L}]|$)`)
	zeroGBVRe   = regexp.MustCompile(`(?:không|chưa)\s+(?:có|xảy ra|để xảy ra|phát hiện|ghi nhận|phát sinh)\s+(?:tình trạng\s+|hiện tượng\s+)?(bạo lực gia đình|bạo lực trên cơ sở giới|bạo lực)`)
	zeroQualify = []string{"nghiêm trọng", "phức tạp", "kéo dài", "tái diễn", "mới", "điểm nóng", "tái phạm"}
)

// zeros reads stated zeros: "không có vụ bạo lực gia đình ... nào xảy ra".
func (x *extractor) zeros() {
	d := x.d
	for _, m := range zeroRe.FindAllStringSubmatchIndex(d.low, -1) {
		si := d.sentenceOf(m[0])
		if si < 0 || d.lineSec[d.lineOf(m[0])] != secResults {
			continue
		}
		s := d.sentences[si]
		after := d.low[m[3]:s.end]
		verb := d.low[m[0]:m[2]]
		if !hasWord(after, "nào") && !strings.Contains(verb, "xảy ra") && !strings.Contains(verb, "phát hiện") && !strings.Contains(verb, "phát sinh") {
			continue
		}
		mm := mention{start: m[0], end: m[2] - len(d.low[m[2]:m[3]]) - 1, value: 0}
		mm.end = m[0] + len(strings.Fields(d.low[m[0]:m[2]])[0])
		mm.unit = unitMatch{kind: uCase, start: m[2], end: m[3], noun: d.low[m[2]:m[3]]}
		switch mm.unit.noun {
		case "cuộc", "buổi":
			mm.unit.kind = uSession
		case "lớp":
			mm.unit.kind = uClass
		}
		c := x.context(mm, si)
		if hasAny(c.right+" "+after[:min(len(after), 80)], zeroQualify...) || x.excluded(c) {
			continue
		}
		x.classify(c)
	}
	for _, m := range zeroGBVRe.FindAllStringSubmatchIndex(d.low, -1) {
		si := d.sentenceOf(m[0])
		if si < 0 || d.lineSec[d.lineOf(m[0])] != secResults {
			continue
		}
		s := d.sentences[si]
		if hasAny(d.low[m[0]:s.end], zeroQualify...) {
			continue
		}
		mm := mention{start: m[0], end: m[0] + len("không"), value: 0}
		c := x.context(mm, si)
		if x.excluded(c) {
			continue
		}
		x.add(cand{code: "gbv_incidents", value: 0, unit: "vụ", noun: "vụ", ev: s, conf: 0.75, sent: si})
	}
}

// labelValue matches "Số lượt người nghe: 1.500" in prose.
var labelValue = regexp.MustCompile(`^([^:;=]{3,120}?)\s*[:=]\s*(\d+(?:\.\d{3})*(?:,\d+)?)\s*(%|[\p{L} ]{0,25})?\s*[;.]?\s*$`)

// labelled reads table rows ("Số lượt người nghe | 1.500") and
// "label: value" lines.
func (x *extractor) labelled() {
	d := x.d
	var roles []string // column roles of the current table
	for li, l := range d.lines {
		if !d.tableLine[li] {
			roles = nil
			x.lastRowCode = ""
			if d.lineSec[li] != secResults {
				continue
			}
			// Prose "label: value" clauses.
			for si := range d.sentences {
				s := d.sentences[si]
				if s.start < l.start || s.end > l.end {
					continue
				}
				off := s.start
				for _, part := range strings.Split(d.text[s.start:s.end], ";") {
					a, b := trimSpan(d.text, off, off+len(part))
					off += len(part) + 1
					m := labelValue.FindStringSubmatchIndex(d.text[a:b])
					if m == nil {
						continue
					}
					label := d.low[a+m[2] : a+m[3]]
					code := x.labelCode(label)
					if code == "" {
						continue
					}
					v, ok := parseDigits(d.low[a+m[4] : a+m[5]])
					if !ok {
						continue
					}
					unit := ""
					if m[6] >= 0 {
						unit = strings.TrimSpace(d.text[a+m[6] : a+m[7]])
					}
					x.add(cand{code: code, value: v, unit: unitOr(unit, matchUnit(d.low, a+m[5])), noun: code, ev: span{a, b}, conf: 0.8, sent: si})
				}
			}
			continue
		}
		line := d.text[l.start:l.end]
		sep := " | "
		if !strings.Contains(line, sep) {
			sep = "\t"
		}
		cells := strings.Split(line, sep)
		lowCells := strings.Split(d.low[l.start:l.end], sep)
		if r := headerRoles(lowCells); r != nil {
			roles = r
			continue
		}
		if d.lineSec[li] != secResults {
			continue
		}
		x.tableRow(li, cells, lowCells, roles)
	}
}

func unitOr(written string, u unitMatch) string {
	if u.kind != uNone {
		return u.noun
	}
	return written
}

// headerRoles recognises a table header row and names its columns: label,
// value, unit, other (targets, comparisons, notes) or idx.
func headerRoles(cells []string) []string {
	roles := make([]string, len(cells))
	hasLabel, hasValue := false, false
	for i, c := range cells {
		c = strings.TrimSpace(c)
		switch {
		case c == "stt" || c == "tt" || c == "số tt":
			roles[i] = "idx"
		case strings.Contains(c, "đơn vị") || c == "đvt" || c == "đv":
			roles[i] = "unit"
		case hasAny(c, "cùng kỳ", "so sánh", "so với", "tăng", "giảm", "kế hoạch", "phấn đấu", "năm trước", "kỳ trước", "ghi chú", "chỉ tiêu giao", "tỷ lệ đạt", "dự kiến"):
			roles[i] = "other"
		case hasAny(c, "nội dung", "chỉ tiêu", "tiêu chí", "tên chỉ tiêu", "hoạt động"):
			roles[i] = "label"
			hasLabel = true
		case hasAny(c, "kết quả", "số lượng", "thực hiện", "số liệu", "tháng", "năm", "quý", "tổng số", "số lượt"):
			if !hasValue {
				roles[i] = "value"
				hasValue = true
			} else {
				roles[i] = "other"
			}
		default:
			roles[i] = ""
		}
	}
	if hasLabel && hasValue {
		return roles
	}
	return nil
}

// tableRow reads one table row.
func (x *extractor) tableRow(li int, cells, lowCells []string, roles []string) {
	d := x.d
	l := d.lines[li]
	labelIdx, valueIdx, unitIdx := -1, -1, -1
	for i, r := range roles {
		switch r {
		case "label":
			if labelIdx < 0 {
				labelIdx = i
			}
		case "value":
			valueIdx = i
		case "unit":
			unitIdx = i
		}
	}
	if labelIdx < 0 || labelIdx >= len(cells) {
		labelIdx = -1
		for i, c := range lowCells {
			if len(strings.Fields(c)) >= 2 && strings.IndexFunc(c, unicode.IsLetter) >= 0 {
				labelIdx = i
				break
			}
		}
	}
	if labelIdx < 0 {
		return
	}
	label := strings.TrimSpace(lowCells[labelIdx])
	code := x.labelCode(label)
	prev := x.lastRowCode
	x.lastRowCode = code
	if code == "" && hasWord(label, "nữ") && (strings.HasPrefix(label, "trong đó") || strings.HasPrefix(label, "nữ") || strings.HasPrefix(label, "- nữ")) {
		// "Trong đó: nữ" under "Số cán bộ ...": the part of the row above.
		for _, ind := range x.cat {
			if prev != "" && ind.Parent == prev {
				code = ind.Code
			}
		}
	}
	if code == "" {
		return
	}
	if valueIdx < 0 || valueIdx >= len(cells) {
		valueIdx = -1
		for i := labelIdx + 1; i < len(cells); i++ {
			if len(roles) > i && roles[i] == "other" {
				continue
			}
			if _, ok := cellNumber(lowCells[i]); ok {
				valueIdx = i
				break
			}
		}
	}
	if valueIdx < 0 {
		return
	}
	v, ok := cellNumber(lowCells[valueIdx])
	if !ok {
		return
	}
	unit := ""
	if unitIdx >= 0 && unitIdx < len(cells) {
		unit = strings.TrimSpace(cells[unitIdx])
		if u := matchUnit(lowerAligned(unit), 0); u.kind != uNone {
			unit = u.noun
		}
	} else if m := digitNumber.FindStringIndex(lowCells[valueIdx]); m != nil {
		if u := matchUnit(lowCells[valueIdx], m[1]); u.kind != uNone {
			unit = u.noun
		}
	}
	si := d.sentenceOf(l.start + len(cells[0]) - len(strings.TrimLeft(cells[0], " ")))
	a, b := trimSpan(d.text, l.start, l.end)
	x.add(cand{code: code, value: v, unit: unit, noun: code, ev: span{a, b}, conf: 0.85, sent: si})
}

// cellNumber reads a cell holding one number, maybe with its unit: "1.500",
// "04 cuộc", "40,9%".
func cellNumber(c string) (float64, bool) {
	c = strings.TrimSpace(c)
	m := digitNumber.FindStringIndex(c)
	if m == nil || m[0] != 0 {
		if strings.HasPrefix(c, "không") && len(c) < 12 {
			return 0, true
		}
		return 0, false
	}
	rest := strings.TrimSpace(c[m[1]:])
	if rest != "" && rest != "%" {
		if u := matchUnit(c, m[1]); u.kind == uNone || strings.TrimSpace(c[u.end:]) != "" {
			return 0, false
		}
	}
	return parseDigits(c[m[0]:m[1]])
}

// labelCode maps a table or list label to an indicator code.
func (x *extractor) labelCode(label string) string {
	l := strings.TrimSpace(label)
	if hasAny(l, "so với", "cùng kỳ", "tăng", "giảm", "phấn đấu", "dự kiến", "chỉ tiêu giao", "kế hoạch năm", "năm trước", "kỳ trước", "toàn huyện", "toàn tỉnh") {
		return ""
	}
	female := hasWord(l, "nữ")
	staff := hasTopic(l, tStaff) || (hasWord(l, "cán bộ") && hasAny(l, "bình đẳng giới", "bđg"))
	cadre := hasTopic(l, tCadre)
	switch {
	case hasAny(l, "tỷ lệ", "tỉ lệ"):
		if !female {
			return ""
		}
		if staff {
			return "female_staff_ratio"
		}
		if cadre {
			return "female_cadre_ratio"
		}
		return ""
	case hasWord(l, "đội") && (hasTopic(l, tContest) || hasWord(l, "tham gia")):
		return "contest_teams"
	case hasAny(l, "dự thi", "thí sinh") || (hasTopic(l, tContest) && hasAny(l, "người", "hội viên")):
		return "contest_participants"
	case hasWord(l, "nạn nhân"):
		return "gbv_victims_supported"
	case hasTopic(l, tGBV) && hasAny(l, "vụ", "số vụ", "trường hợp"):
		return "gbv_incidents"
	case hasAny(l, "mô hình", "địa chỉ tin cậy", "nhà tạm lãnh", "nhà an toàn"):
		return "community_models"
	case hasAny(l, "lượt", "người nghe", "người tham dự", "người tham gia", "học viên"):
		if hasTopic(l, tTrain) {
			return "training_attendance"
		}
		if hasTopic(l, tAware) || hasWord(l, "nghe") {
			return "listeners_reached"
		}
		return ""
	case hasAny(l, "lớp", "buổi", "cuộc", "hội nghị"):
		if hasTopic(l, tTrain) {
			return "training_sessions"
		}
		if hasTopic(l, tAware) {
			return "comm_sessions"
		}
		return ""
	case hasWord(l, "kế hoạch") && !hasWord(l, "quyết định"):
		return "plans_issued"
	case hasWord(l, "quyết định") && !hasWord(l, "kế hoạch"):
		return "decisions_issued"
	case staff:
		if female {
			return "gender_staff_female"
		}
		return "gender_staff_total"
	case cadre:
		if female {
			return "cadre_female"
		}
		return "cadre_total"
	}
	return x.nameMatch(l)
}

// nameMatch matches a label against catalogue names, so an indicator a
// district adds can be read from tables without new rules.
func (x *extractor) nameMatch(l string) string {
	lw := strings.Fields(strings.NewReplacer(",", " ", "(", " ", ")", " ", "/", " ").Replace(l))
	if len(lw) < 2 {
		return ""
	}
	set := map[string]bool{}
	for _, w := range lw {
		set[w] = true
	}
	best, bestScore := "", 0.0
	for _, ind := range x.cat {
		nw := strings.Fields(strings.NewReplacer(",", " ", "(", " ", ")", " ", "/", " ").Replace(lowerAligned(ind.NameVI)))
		if len(nw) == 0 {
			continue
		}
		hit := 0
		for _, w := range nw {
			if set[w] {
				hit++
			}
		}
		score := float64(hit) / float64(max(len(nw), len(lw)))
		if score > bestScore {
			best, bestScore = ind.Code, score
		}
	}
	if bestScore >= 0.8 {
		return best
	}
	return ""
}

var _ = utf8.RuneLen
