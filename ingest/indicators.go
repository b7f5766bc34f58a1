package ingest

import (
	"regexp"
	"strings"
	"unicode"
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
	c.subset = strings.HasPrefix(lc, "riêng") || hasWord(c.left, "trong đó") || hasWord(c.left, "cụ thể")
	return c
}

// mentions classifies every number written with a unit.
func (x *extractor) mentions() {
	d := x.d
	for _, m := range findNumbers(d.low) {
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
	f := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ':' || r == '(' || r == '"' || r == '“' })
	if len(f) < n {
		return strings.Join(f, " ")
	}
	return strings.Join(f[len(f)-n:], " ")
}

var lastCountNoun = regexp.MustCompile(`\d+\s+(thành viên|hội viên|đại biểu|học viên|thí sinh|đoàn viên|học sinh|người|cán bộ|công chức|đồng chí)`)

var englishThousands = regexp.MustCompile(`^\d{1,3}(?:,\d{3})+$`)

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
		x.add(cand{code: code, value: c.m.value, unit: c.unit, noun: c.m.unit.noun, ev: ev, conf: conf, sent: c.sent, subset: c.subset, pos: c.m.start})
	}
	switch c.m.unit.kind {
	case uPercent:
		if !hasWord(c.leftSent, "nữ") {
			return
		}
		t, _ := nearest(c.leftSent, c.right, tStaff, tCadre)
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
		if !hasAny(c.leftSent, "ban hành", "xây dựng", "tham mưu", "triển khai", "ban hành được") && !hasAny(c.right, "ban hành") {
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
	if noun == "lượt" && right != "" {
		// "20 lượt tin bài" counts broadcasts, not people.
		switch strings.Fields(right)[0] {
		case "người", "nghe", "tham", "được", "cán", "hội", "phụ", "nhân", "học", "đoàn", "thanh", "đại":
		default:
			return
		}
	}
	lastLeft := prevWords(c.left, 1)
	tl := strings.TrimSpace(c.left)
	partic := c.m.unit.kind == uPersonTimes || hasAny(right, participation...) || lastLeft == "cho" || lastLeft == "hút" ||
		strings.HasSuffix(tl, "tham gia của") || strings.HasSuffix(tl, "tham dự của")
	if partic && c.m.unit.kind != uFemale {
		t, dist := nearest(c.left, c.right, tAware, tTrain, tContest)
		if at := anchorTopic(c.left); at != tNone {
			t, dist = at, 0
		}
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
	case "người", "cán bộ", "công chức", "đồng chí", "nữ":
	default:
		return
	}
	t, _ := nearest(c.leftSent, c.right, tStaff, tCadre, tAware, tTrain, tContest, tSupport)
	if noun == "cán bộ" {
		// "21 cán bộ, công chức": the unit itself names cadres.
		if r := strings.TrimLeft(c.rightFull, " ,"); strings.HasPrefix(r, "công chức") && !hasTopic(c.right, tStaff) {
			t = tCadre
		}
	}
	switch t {
	case tStaff, tCadre:
		total, female := "gender_staff_total", "gender_staff_female"
		if t == tCadre {
			total, female = "cadre_total", "cadre_female"
		}
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

// sessionAnchor finds "01 lớp", "03 buổi" before an audience count.
var sessionAnchor = regexp.MustCompile(`(?:\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+(lớp|buổi|cuộc|hội nghị)(?:[^\p{L}]|$)`)

// anchorTopic names the activity an audience belongs to from the session
// counted just before it: "01 lớp tập huấn kỹ năng tuyên truyền cho 50
// học viên" is training, whatever words follow "lớp".
func anchorTopic(left string) topic {
	locs := sessionAnchor.FindAllStringSubmatchIndex(left, -1)
	if len(locs) == 0 {
		return tNone
	}
	m := locs[len(locs)-1]
	if left[m[2]:m[3]] == "lớp" {
		return tTrain
	}
	between := left[m[3]:]
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
	return hasTopic(x.d.low[p.start:p.end], t)
}
