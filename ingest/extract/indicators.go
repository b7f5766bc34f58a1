package extract

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
	tAware:   {"tuyên truyền", "truyền thông", "phổ biến", "nói chuyện", "sinh hoạt chuyên đề", "loa phát thanh", "giáo dục pháp luật", "đối thoại", "mít tinh", "míttinh", "phát thanh", "truyền thanh"},
	tTrain:   {"tập huấn", "bồi dưỡng", "đào tạo", "nâng cao năng lực"},
	tContest: {"hội thi", "cuộc thi", "dự thi", "thi tìm hiểu", "liên hoan", "đội thi"},
	tGBV:     {"bạo lực", "bạo hành", "blgđ", "bltcsg"},
	tSupport: {"hỗ trợ", "tư vấn", "trợ giúp", "can thiệp", "giúp đỡ", "chăm sóc", "tiếp nhận"},
	tStaff:   {"kiêm nhiệm", "chuyên trách", "phụ trách", "làm công tác bình đẳng giới", "cán bộ bình đẳng giới", "làm công tác bđg"},
	tCadre:   {"cán bộ, công chức", "cán bộ công chức", "cbcc", "công chức"},
}

// nearest returns the topic whose cue is closest to the number: the last
// cue in left (text before the number) or the first in right (the clause
// after the unit).
func nearest(left, right string, topics ...topic) (topic, int) {
	// The cue nearest the number is almost always in the last few hundred
	// bytes: look there first, and at the whole left text only when no cue
	// stands there.
	if tail := nearTail(left); len(tail) < len(left) {
		if best, dist, onLeft := nearestIn(tail, right, topics); onLeft {
			return best, dist
		}
	}
	best, dist, _ := nearestIn(left, right, topics)
	return best, dist
}

func nearestIn(left, right string, topics []topic) (topic, int, bool) {
	best, dist, onLeft := tNone, 1<<30, false
	for _, t := range topics {
		for _, w := range topicWords[t] {
			if i := lastWordIndex(left, w); i >= 0 {
				onLeft = true
				if d := len(left) - (i + len(w)); d < dist {
					best, dist = t, d
				}
			}
			if i := wordIndex(right, w, 0); i >= 0 && i < dist {
				best, dist = t, i
			}
		}
	}
	return best, dist, onLeft
}

// nearWindow is how far before a number nearest looks first.
const nearWindow = 400

// nearTail is the last nearWindow bytes of s, from a word start.
func nearTail(s string) string {
	if len(s) <= nearWindow {
		return s
	}
	cut := len(s) - nearWindow
	if i := strings.IndexByte(s[cut:], ' '); i >= 0 {
		cut += i + 1
	}
	return s[cut:]
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
	win        span   // the part of the sentence read: sentLow's bytes in the text
	unit       string // unit as written
}

var personList = regexp.MustCompile(`^\s*,\s*(?:hội viên|đoàn viên|người dân|nhân dân|học sinh|phụ nữ|thanh niên|cán bộ|đảng viên|người lao động)(?:\s|$)`)

var clauseStops = []string{",", ";", ".", "(", ")", ":", " và ", " với ", " | ", "\t"}

func (x *extractor) context(m mention, si int) mctx {
	d := x.d
	s := d.sentences[si]
	// A sentence re-joined from hard-wrapped lines reads as one line.
	nl := func(t string) string { return strings.ReplaceAll(t, "\n", " ") }
	s = d.clip(s, m.start, m.end)
	c := mctx{m: m, sent: si, left: nl(d.low[s.start:m.start]), sentLow: nl(d.low[s.start:s.end]), win: s}
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
	rest := nl(d.low[from:s.end])
	// "80 cán bộ, hội viên tham dự": a list of who, then what they did.
	rr := rest
	for k := 0; k < 3; k++ {
		m := personList.FindStringIndex(rr)
		if m == nil {
			break
		}
		rr = rr[m[1]:]
	}
	end := len(rr)
	for _, p := range clauseStops {
		if i := strings.Index(rr, p); i >= 0 && i < end {
			// A decimal comma or thousands dot is not a clause stop.
			if (p == "," || p == ".") && i+1 < len(rr) && rr[i+1] >= '0' && rr[i+1] <= '9' {
				continue
			}
			end = i
		}
	}
	c.right = rr[:end]
	c.rightFull = rest
	lc := strings.TrimSpace(c.leftClause)
	c.subset = strings.HasPrefix(lc, "riêng") || hasWord(c.left, "trong đó") || hasWord(c.left, "cụ thể") ||
		strings.HasPrefix(strings.TrimSpace(c.left), "riêng")
	// A sentence that opens with "Trong đó," or "Cụ thể:" lists parts of a
	// figure stated before it, clause after clause.
	ls := strings.TrimLeft(c.leftSent, " -+*•–")
	if strings.HasPrefix(ls, "trong đó") || strings.HasPrefix(ls, "cụ thể") || strings.HasPrefix(ls, "riêng") {
		c.subset = true
	}
	// "02 vụ (thôn Nà Pàn 01 vụ, ...)": a breakdown in brackets after a count.
	if o := strings.LastIndex(c.leftSent, "("); o >= 0 && o > strings.LastIndex(c.leftSent, ")") {
		before := c.leftSent[:o]
		if loc := digitNumber.FindAllStringIndex(before, -1); len(loc) > 0 {
			last := loc[len(loc)-1]
			if u := matchUnit(before, last[1]); u.kind != uNone && u.kind != uPercent {
				c.subset = true
			}
		}
	}
	return c
}

// mentions classifies every number written with a unit.
func (x *extractor) mentions() {
	d := x.d
	for _, m := range findNumbers(d.low) {
		if x.over() {
			return
		}
		m.unit = matchUnit(d.low, m.end)
		// "1,500 lượt người" is English thousands, not one and a half.
		if m.unit.kind != uPercent && !m.words && englishThousands.MatchString(d.low[m.start:m.end]) {
			m.value, _ = parseDigits(strings.ReplaceAll(d.low[m.start:m.end], ",", ""))
		}
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
	// Only the end of s matters: take the words from there, not all of them.
	sep := func(r rune) bool { return unicode.IsSpace(r) || r == ':' || r == '(' || r == '"' || r == '“' }
	var f []string
	end := len(s)
	for len(f) < n && end > 0 {
		for end > 0 {
			r, w := utf8.DecodeLastRuneInString(s[:end])
			if !sep(r) {
				break
			}
			end -= w
		}
		start := end
		for start > 0 {
			r, w := utf8.DecodeLastRuneInString(s[:start])
			if sep(r) {
				break
			}
			start -= w
		}
		if start == end {
			break
		}
		f = append(f, s[start:end])
		end = start
	}
	for i, j := 0, len(f)-1; i < j; i, j = i+1, j-1 {
		f[i], f[j] = f[j], f[i]
	}
	return strings.Join(f, " ")
}

var lastCountNoun = regexp.MustCompile(`\d+\s+(thành viên|hội viên|đại biểu|học viên|thí sinh|đoàn viên|học sinh|người|cán bộ|công chức|đồng chí)`)

var englishThousands = regexp.MustCompile(`^\d{1,3}(?:,\d{3})+$`)

var participation = []string{"tham gia", "tham dự", "nghe", "dự", "được tuyên truyền", "được tập huấn", "được bồi dưỡng", "dự thi", "cổ vũ", "theo dõi"}

// classify turns one number with its unit into candidate indicator values.
func (x *extractor) classify(c mctx) {
	ev := x.d.evidence(c.sent, c.m.start, c.m.end)
	// "hơn 500 lượt", "khoảng 300 người": an approximate figure is less sure.
	approx := 0.0
	if lc := strings.TrimSpace(c.leftClause); lc != "" {
		for _, w := range approxWords {
			if strings.HasSuffix(lc, w) && wordBounded(lc, len(lc)-len(w), len(lc)) {
				approx = 0.1
			}
		}
	}
	times, orgs := activityMarks(c.leftSent, c.left)
	// "01 vụ ... tại thôn Nà Lay": where it happened tells cases apart.
	r := c.rightFull
	if len(r) > 100 {
		r = r[:100]
	}
	if hasAny(c.left, "tại", "ở") || hasAny(r, "tại", "ở") {
		for _, m := range placeMark.FindAllStringSubmatch(c.left+" | "+r, -1) {
			orgs = append(orgs, "@"+m[1])
		}
	}
	total := hasAny(c.leftClause, totalCues...)
	if startsWithAny(strings.TrimLeft(c.left, " -+*•–("), totalCues) {
		total = true // "Tổng cộng trong năm, phường tổ chức 12 cuộc"
	}
	weak := false
	add := func(code string, conf float64) {
		if x.stocks[code] && hasAny(c.leftClause, newlyMade...) {
			// "thành lập mới 01 câu lạc bộ": what the period added, not what
			// exists at its end.
			return
		}
		conf -= approx
		if weak {
			conf -= 0.2
		}
		x.add(cand{code: code, value: c.m.value, unit: c.unit, noun: c.m.unit.noun, ev: ev, conf: conf, sent: c.sent,
			subset: c.subset, pos: c.m.start, total: total, times: times, orgs: orgs, weak: weak})
	}
	switch c.m.unit.kind {
	case uPercent:
		if !hasWord(c.leftSent, "nữ") {
			return
		}
		t, _ := nearest(c.leftSent, c.right, tStaff, tCadre)
		switch t {
		case tStaff:
			add(indicatorFor(uPercent, tStaff, true, true), 0.85)
		case tCadre:
			add(indicatorFor(uPercent, tCadre, true, true), 0.85)
		}
	case uSession:
		t, dist := nearest(c.left, c.right, tAware, tTrain, tContest)
		// A campaign ("02 đợt truyền thông") or broadcasts on the loudspeakers
		// stand in only when no sessions are counted.
		weak = c.m.unit.noun == "đợt"
		switch t {
		case tAware:
			if w, _ := nearestWord(c.left, c.right, topicWords[tAware]); w == "phát thanh" || w == "truyền thanh" || w == "loa phát thanh" {
				weak = true
			}
			add(indicatorFor(uSession, tAware, false, false), near(dist))
		case tTrain:
			add(indicatorFor(uSession, tTrain, false, false), near(dist))
		case tNone:
			// "Hội Phụ nữ tổ chức 12 buổi tuyên truyền ...; Đoàn Thanh niên tổ
			// chức 03 buổi với ...": the clause goes on from the one before.
			if r := strings.TrimSpace(c.right); c.left != c.leftSent && r == "" {
				switch t2, _ := nearest(c.leftSent, "", tAware, tTrain); t2 {
				case tAware:
					add(indicatorFor(uSession, tAware, false, false), 0.75)
					return
				case tTrain:
					add(indicatorFor(uSession, tTrain, false, false), 0.75)
					return
				}
			}
			// "02 hội nghị về bình đẳng giới": the meeting itself is the activity.
			if c.m.unit.noun == "hội nghị" && hasAny(c.sentLow, "bình đẳng giới", "bạo lực", "bạo hành") &&
				!hasAny(c.sentLow, "sơ kết", "tổng kết", "triển khai", "kiện toàn", "giao ban") {
				add(indicatorFor(uSession, tAware, false, false), 0.75)
			}
		}
	case uClass:
		if t, dist := nearest(c.left, c.right, tTrain, tAware); t == tTrain {
			add(indicatorFor(uSession, tTrain, false, false), near(dist))
		}
	case uVictim:
		if hasTopic(c.left, tSupport) || hasTopic(c.right, tSupport) {
			add(indicatorFor(uVictim, tSupport, false, false), 0.9)
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
				add(indicatorFor(uCase, tSupport, false, false), 0.8)
				return
			}
		}
		if hasTopic(c.right, tGBV) {
			add(indicatorFor(uCase, tGBV, false, false), 0.9)
		} else {
			add(indicatorFor(uCase, tGBV, false, false), 0.8)
		}
	case uTeam:
		if hasTopic(c.sentLow, tContest) {
			if contestRelevant(c.sentLow) {
				add(indicatorFor(uTeam, tContest, false, false), 0.9)
			}
		} else if x.prevSentenceHas(c.sent, tContest) {
			if p := x.d.clip(x.d.sentences[c.sent-1], x.d.sentences[c.sent-1].end, x.d.sentences[c.sent-1].end); contestRelevant(x.d.low[p.start:p.end]) {
				add(indicatorFor(uTeam, tContest, false, false), 0.7)
			}
		}
	case uModel:
		switch c.m.unit.noun {
		case "câu lạc bộ", "clb", "nhóm":
			// Clubs and groups count when they are about families, violence or gender.
			r := c.rightFull
			if len(r) > 120 {
				r = r[:120]
			}
			if !hasAny(c.left+" "+r, "bạo lực", "bạo hành", "gia đình", "bình đẳng giới", "bđg", "hôn nhân", "tảo hôn", "phụ nữ", "vstbcpn") {
				return
			}
		}
		add(indicatorFor(uModel, tNone, false, false), 0.85)
	case uPlan, uDecision:
		if !hasAny(c.leftSent, "ban hành", "xây dựng", "tham mưu", "triển khai", "ban hành được") && !hasAny(c.right, "ban hành") {
			return
		}
		if c.m.unit.kind == uPlan {
			add(indicatorFor(uPlan, tNone, false, false), 0.9)
		} else {
			add(indicatorFor(uDecision, tNone, false, false), 0.9)
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
		if (hasTopic(c.sentLow, tContest) || hasWord(right, "dự thi")) && contestRelevant(c.sentLow) {
			add(indicatorFor(uPerson, tContest, false, false), 0.9)
		}
		return
	}
	if noun == "lượt" {
		// "20 lượt tin bài" counts broadcasts, not people; "phát thanh 36
		// lượt" stands in for sessions.
		people := false
		if right != "" {
			switch strings.Fields(right)[0] {
			case "người", "nghe", "tham", "được", "cán", "hội", "phụ", "nhân", "học", "đoàn", "thanh", "đại":
				people = true
			}
		}
		w, d := nearestWord(c.left, "", topicWords[tAware])
		broadcast := (w == "phát thanh" || w == "truyền thanh" || w == "loa phát thanh") && d < 60
		if broadcast && !people {
			x.add(cand{code: indicatorFor(uSession, tAware, false, false), value: c.m.value, unit: c.unit, noun: noun, ev: x.d.evidence(c.sent, c.m.start, c.m.end), conf: 0.6,
				sent: c.sent, subset: c.subset, pos: c.m.start, weak: true})
			return
		}
		if right != "" && !people {
			return
		}
	}
	lastLeft := prevWords(c.left, 1)
	tl := strings.TrimSpace(c.left)
	partic := c.m.unit.kind == uPersonTimes || hasAny(right, participation...) || lastLeft == "cho" || lastLeft == "hút" ||
		strings.HasSuffix(tl, "tham gia của") || strings.HasSuffix(tl, "tham dự của") ||
		// "02 lớp tập huấn với 96 học viên": the audience of the sessions just counted.
		(lastLeft == "với" && anchorTopic(c.left) != tNone)
	if partic && c.m.unit.kind != uFemale {
		t, dist := nearest(c.left, c.right, tAware, tTrain, tContest)
		if at := anchorTopic(c.left); at != tNone {
			t, dist = at, 0
		}
		if t == tNone && c.left != c.leftSent && !hasAny(c.left, "ngoại khóa", "ngoại khoá", "họp", "hội thi", "cuộc thi") {
			// A later clause of a list goes on with the activity named before.
			if t, _ = nearest(c.leftSent, "", tAware, tTrain); t != tNone {
				dist = 1 << 20
			}
		}
		conf := near(dist)
		if c.m.unit.kind != uPersonTimes {
			conf -= 0.15
		}
		switch t {
		case tAware:
			add(indicatorFor(uPersonTimes, tAware, false, false), conf)
			return
		case tTrain:
			add(indicatorFor(uPersonTimes, tTrain, false, false), conf)
			return
		case tContest:
			if hasWord(right, "tham gia") && c.m.unit.kind != uPersonTimes && contestRelevant(c.sentLow) {
				add(indicatorFor(uPerson, tContest, false, false), 0.7)
			}
			return
		}
		if c.m.unit.kind == uPersonTimes {
			return
		}
	}
	switch noun {
	case "người", "cán bộ", "công chức", "đồng chí", "nữ":
	default:
		return
	}
	t, _ := nearest(c.leftSent, c.right, tStaff, tCadre, tAware, tTrain, tContest, tSupport)
	if t == tNone && (noun == "cán bộ" || noun == "công chức" || noun == "đồng chí") {
		// "01 công chức Văn hóa - Xã hội (nữ) kiêm nhiệm công tác bình đẳng giới".
		r := c.rightFull
		if len(r) > 120 {
			r = r[:120]
		}
		if hasTopic(r, tStaff) && !hasAny(r, "tham gia", "tham dự", "tập huấn") {
			t = tStaff
		}
	}
	if noun == "cán bộ" {
		// "21 cán bộ, công chức": the unit itself names cadres.
		if r := strings.TrimLeft(c.rightFull, " ,"); strings.HasPrefix(r, "công chức") && !hasTopic(c.right, tStaff) {
			t = tCadre
		}
	}
	if t == tStaff && !hasAny(c.sentLow, "bình đẳng giới", "bđg", "giới", "vstbcpn", "tiến bộ của phụ nữ", "tiến bộ phụ nữ", "bạo lực") {
		// "03 cán bộ phụ trách dân số": in charge of something else.
		return
	}
	switch t {
	case tStaff, tCadre:
		total, female := indicatorFor(uPerson, t, false, false), indicatorFor(uPerson, t, true, false)
		lc := strings.TrimSpace(c.leftClause)
		if lc == "" {
			// "nữ: 6 đồng chí" — the clause was cut at the colon.
			lc = strings.TrimRight(c.left, " :")
		}
		isFemale := c.m.unit.kind == uFemale || strings.HasPrefix(right, "nữ") ||
			strings.HasSuffix(lc, "nữ") || strings.HasSuffix(lc, "nữ là") || strings.HasSuffix(lc, "nữ có") ||
			strings.HasSuffix(lc, "trong đó") || strings.HasSuffix(lc, "trong đó có")
		if strings.HasPrefix(right, "nam") || strings.HasSuffix(lc, "nam") {
			return
		}
		if isFemale {
			// "09 thành viên, trong đó có 05 nữ": the part of a count we do not keep.
			if m := lastCountNoun.FindAllStringSubmatch(c.leftSent, -1); len(m) > 0 {
				switch m[len(m)-1][1] {
				case "thành viên", "hội viên", "đại biểu", "học viên", "thí sinh", "đoàn viên", "học sinh":
					return
				}
			}
		}
		laNu := false
		for _, w := range []string{"là nữ", "(nữ)", "đều là nữ", "giới tính: nữ", "giới tính nữ", "giới tính là nữ"} {
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
			add(indicatorFor(uPerson, tSupport, false, false), 0.75)
		}
	}
}

// lastSessionAnchor finds the last "01 lớp", "03 buổi", "hai cuộc" (a
// count of sessions) in left: the noun and where it ends.
func lastSessionAnchor(left string) (string, int) {
	noun, best := "", -1
	for _, w := range []string{"lớp", "buổi", "cuộc", "hội nghị"} {
		for e := len(left); e > best; {
			i := strings.LastIndex(left[:e], w)
			if i <= best {
				break
			}
			e = i
			if r, _ := utf8.DecodeRuneInString(left[i+len(w):]); unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
				continue // "cuộc thi" is not "cuộc"; but the next word may follow
			}
			k := i
			for k > 0 && (left[k-1] == ' ' || left[k-1] == '\t' || left[k-1] == '\n') {
				k--
			}
			if k == i || k == 0 {
				continue
			}
			if c := left[k-1]; c >= '0' && c <= '9' {
				noun, best = w, i
				break
			}
			if p := prevWords(left[:k], 1); isNumberWordStart(p) && strings.HasSuffix(left[:k], p) {
				noun, best = w, i
				break
			}
		}
	}
	if best < 0 {
		return "", 0
	}
	return noun, best + len(noun)
}

// anchorTopic names the activity an audience belongs to from the session
// counted just before it: "01 lớp tập huấn kỹ năng tuyên truyền cho 50
// học viên" is training, whatever words follow "lớp".
func anchorTopic(left string) topic {
	noun, end := lastSessionAnchor(left)
	switch noun {
	case "":
		return tNone
	case "lớp":
		return tTrain
	}
	between := left[end:]
	best, at := tNone, len(between)+1
	for _, t := range []topic{tAware, tTrain, tContest} {
		for _, w := range topicWords[t] {
			if i := wordIndex(between, w, 0); i >= 0 && i < at {
				best, at = t, i
			}
		}
	}
	return best
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
	p = x.d.clip(p, p.end, p.end)
	return hasTopic(x.d.low[p.start:p.end], t)
}

// newlyMade are the words of a stock's growth in the period.
var newlyMade = []string{"thành lập mới", "thành lập thêm", "xây dựng mới", "xây dựng thêm", "mới thành lập", "mới xây dựng",
	"bổ sung", "phát triển thêm", "tăng thêm", "ra mắt"}

// totalCues mark a figure stated as the commune's total.
var totalCues = []string{"tổng số", "tổng cộng", "toàn xã", "toàn phường", "toàn thị trấn", "tính chung", "nâng tổng số"}

// startsWithAny reports whether s starts with one of ws as a whole word.
func startsWithAny(s string, ws []string) bool {
	for _, w := range ws {
		if strings.HasPrefix(s, w) && wordBounded(s, 0, len(w)) {
			return true
		}
	}
	return false
}

var (
	monthMark = regexp.MustCompile(`(?:^|[^\p{L}])tháng\s+(\d{1,2})(?:[^\d]|$)`)
	dateMark  = regexp.MustCompile(`(?:^|[^\d/])(\d{1,2})\s*/\s*(\d{1,2})(?:[^\d]|/\d{4}|$)`)
	occasions = []struct{ cue, key string }{
		{"quốc tế phụ nữ", "d8/3"}, {"phụ nữ việt nam", "d20/10"}, {"gia đình việt nam", "d28/6"},
		{"tháng hành động", "othd"}, {"xóa bỏ bạo lực", "d25/11"}, {"quốc tế hạnh phúc", "d20/3"},
		{"tết", "otet"},
	}
	organisers = []struct{ cue, key string }{
		{"hội liên hiệp phụ nữ", "pn"}, {"hội lhpn", "pn"}, {"hội phụ nữ", "pn"}, {"chi hội phụ nữ", "pn"}, {"hlhpn", "pn"},
		{"đoàn thanh niên", "tn"}, {"chi đoàn", "tn"}, {"đoàn tn", "tn"}, {"hội nông dân", "nd"}, {"hội cựu chiến binh", "ccb"},
		{"mặt trận", "mt"}, {"ủy ban mặt trận", "mt"}, {"công an", "ca"}, {"trạm y tế", "yt"}, {"nhà trường", "tr"},
		{"trường học", "tr"}, {"trường mầm non", "tr"}, {"trường tiểu học", "tr"}, {"trường thcs", "tr"},
		{"công chức văn hóa", "vh"}, {"công chức văn hoá", "vh"}, {"tư pháp", "tp"}, {"đài truyền thanh", "dtt"},
	}
)

var placeMark = regexp.MustCompile(`(?:tại|ở)\s+((?:thôn|bản|xóm|tổ dân phố|khối|khu)\s+[^\s,;.()]+(?:\s+[^\s,;.()]+)?)`)

// activityMarks reads when (month, date, occasion; from the whole sentence
// before the number) and by whom (from the clause) an activity was held, to
// tell separate activities from restatements of one figure.
func activityMarks(leftSent, left string) (times, orgs []string) {
	seen := map[string]bool{}
	addT := func(k string) {
		if !seen[k] {
			seen[k] = true
			times = append(times, k)
		}
	}
	if t := strings.Index(leftSent, "tháng"); t >= 0 {
		// No match starts before the character in front of the first
		// "tháng"; "^" cannot match there unless it is the start.
		_, w := utf8.DecodeLastRuneInString(leftSent[:t])
		for _, m := range monthMark.FindAllStringSubmatch(leftSent[t-w:], -1) {
			addT("m" + strings.TrimLeft(m[1], "0"))
		}
	}
	if strings.Contains(leftSent, "/") {
		for _, m := range dateMark.FindAllStringSubmatch(leftSent, -1) {
			addT("d" + strings.TrimLeft(m[1], "0") + "/" + strings.TrimLeft(m[2], "0"))
		}
	}
	for _, o := range occasions {
		if hasWord(leftSent, o.cue) {
			addT(o.key)
		}
	}
	for _, o := range organisers {
		if hasWord(left, o.cue) && !seen["org"+o.key] {
			seen["org"+o.key] = true
			orgs = append(orgs, o.key)
		}
	}
	return times, orgs
}

// nearestWord returns the cue of words closest to the number, before it
// (in left) or after it (in right), and its distance in bytes.
func nearestWord(left, right string, words []string) (string, int) {
	if tail := nearTail(left); len(tail) < len(left) {
		if best, dist := nearestWordIn(tail, right, words); best != "" && dist < len(tail) {
			return best, dist
		}
	}
	return nearestWordIn(left, right, words)
}

func nearestWordIn(left, right string, words []string) (string, int) {
	best, dist := "", 1<<30
	for _, w := range words {
		if i := lastWordIndex(left, w); i >= 0 {
			if d := len(left) - (i + len(w)); d < dist || (d == dist && len(w) > len(best)) {
				best, dist = w, d
			}
		}
		if i := wordIndex(right, w, 0); i >= 0 && i < dist {
			best, dist = w, i
		}
	}
	return best, dist
}

var (
	contestCue = regexp.MustCompile(`hội thi|cuộc thi|liên hoan|thi tìm hiểu|giải thi đấu`)
	// contestOnTopic and contestOffTopic name what a contest is about.
	contestOnTopic  = []string{"bình đẳng giới", "bđg", "giới", "bạo lực", "bạo hành", "phụ nữ", "gia đình", "dự án 8", "truyền thông", "tuyên truyền", "hôn nhân", "tảo hôn", "pháp luật", "luật", "tiến bộ", "hạnh phúc", "trẻ em", "mua bán người"}
	contestOffTopic = []string{"văn nghệ", "thể thao", "thể dục", "giao thông", "nhà nông", "nông dân", "bóng đá", "bóng chuyền", "kéo co", "cầu lông", "dân vũ", "nấu ăn", "ẩm thực", "cắm hoa", "trang phục", "phòng cháy", "chữa cháy", "quân sự", "dân quân", "chuyển đổi số", "cải cách hành chính", "khéo tay", "người đẹp", "tiếng hát", "hát", "an toàn thực phẩm", "môi trường", "nông thôn mới", "khuyến học", "đua tài", "chạy"}
)

// contestRelevant reports whether the contest named in a sentence is about
// gender equality or violence (or says nothing that it is not): a sports
// or concert contest is not counted.
func contestRelevant(sent string) bool {
	loc := contestCue.FindStringIndex(sent)
	if loc == nil {
		return true
	}
	name := sent[loc[1]:]
	if len(name) > 140 {
		name = name[:140]
	}
	if hasAny(name, contestOnTopic...) {
		return true
	}
	return !hasAny(name, contestOffTopic...)
}
