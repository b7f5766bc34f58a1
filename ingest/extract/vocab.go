package extract

import (
	"strings"
)

// The one vocabulary that prose sentences, "label: value" lines, table rows
// and table column headers are read with: what is counted (unitWords in
// units.go), what it is about (topicWords), and the words that make a
// figure someone else's (another place, period or plan; exclude.go). A row
// label "Số lượt người tham dự" and a sentence "... với 300 lượt người tham
// dự" name listeners through the same noun and the same topic cues, and
// indicatorFor turns that pair into a catalogue code for both.

// indicatorFor names the indicator counted by noun kind k about topic t
// ("buổi" about awareness is comm_sessions). female asks for the women's
// part and ratio for the women's share; people counts by participation
// (listeners, trainees, contestants) or by role (staff, cadres).
func indicatorFor(k unitKind, t topic, female, ratio bool) string {
	if ratio || k == uPercent {
		if !female {
			return ""
		}
		switch t {
		case tStaff:
			return "female_staff_ratio"
		case tCadre:
			return "female_cadre_ratio"
		}
		return ""
	}
	switch k {
	case uSession, uClass:
		switch t {
		case tAware:
			if k == uSession {
				return "comm_sessions"
			}
		case tTrain:
			return "training_sessions"
		}
	case uVictim:
		return "gbv_victims_supported"
	case uCase:
		switch t {
		case tGBV:
			return "gbv_incidents"
		case tSupport:
			return "gbv_victims_supported"
		}
	case uTeam:
		if t == tContest {
			return "contest_teams"
		}
	case uModel:
		return "community_models"
	case uPlan:
		return "plans_issued"
	case uDecision:
		return "decisions_issued"
	case uPersonTimes, uPerson, uFemale:
		switch t {
		case tAware:
			return "listeners_reached"
		case tTrain:
			return "training_attendance"
		case tContest:
			return "contest_participants"
		case tStaff:
			if female || k == uFemale {
				return "gender_staff_female"
			}
			return "gender_staff_total"
		case tCadre:
			if female || k == uFemale {
				return "cadre_female"
			}
			return "cadre_total"
		case tSupport:
			return "gbv_victims_supported"
		}
	}
	return ""
}

// labelStops make a label someone else's figure: a comparison, a target,
// another period or another level.
var labelStops = []string{"so với", "cùng kỳ", "tăng", "giảm", "phấn đấu", "dự kiến", "chỉ tiêu giao", "kế hoạch năm",
	"năm trước", "kỳ trước", "toàn huyện", "toàn tỉnh", "cấp huyện", "cấp tỉnh", "toàn quốc"}

// caseHandled are cases counted by what was done about them, not as cases
// that happened ("số vụ đã được hòa giải").
var caseHandled = []string{"hòa giải", "hoà giải", "giải quyết", "xử lý", "xử phạt"}

// labelLead are the words a label starts with before the counted noun.
var labelLead = []string{"tổng số", "số lượng", "số", "tổng", "trong đó:", "trong đó"}

// countedNoun finds what a label counts: the unit noun right after "Số …"
// ("Số lượt người tham dự"), or a noun the label starts with ("Cán bộ làm
// công tác bình đẳng giới", "Câu lạc bộ …"), or one written in brackets
// ("Tuyên truyền trực tiếp (buổi)"). A label "Số văn bản …" counts
// something outside the vocabulary and gives uNone.
func countedNoun(l string) (unitKind, string) {
	s := strings.TrimLeft(l, " -+*•–")
	lead := false
	for _, w := range labelLead {
		if strings.HasPrefix(s, w+" ") {
			s = strings.TrimLeft(s[len(w):], " ")
			lead = true
			break
		}
	}
	if u := matchUnit(s, 0); u.kind != uNone {
		return u.kind, u.noun
	}
	if lead {
		return uNone, ""
	}
	// "Tuyên truyền trực tiếp (buổi)".
	if i := strings.LastIndexByte(s, '('); i >= 0 {
		if u := matchUnit(s, i+1); u.kind != uNone && strings.HasPrefix(strings.TrimSpace(s[u.end:]), ")") {
			return u.kind, u.noun
		}
	}
	return uNone, ""
}

// kindTopics are the topics that make an indicator of what kind k counts.
func kindTopics(k unitKind) []topic {
	switch k {
	case uSession, uClass:
		return []topic{tAware, tTrain}
	case uCase:
		return []topic{tGBV, tSupport}
	case uTeam:
		return []topic{tContest}
	case uPerson, uPersonTimes, uFemale:
		return []topic{tAware, tTrain, tContest}
	}
	return nil
}

// labelTopic is the topic of the first cue in s, among topics (all when
// none are given).
func labelTopic(s string, topics ...topic) topic {
	if len(topics) == 0 {
		topics = []topic{tAware, tTrain, tContest, tGBV, tSupport, tStaff, tCadre}
	}
	best, at := tNone, len(s)+1
	for _, t := range topics {
		for _, w := range topicWords[t] {
			if i := wordIndex(s, w, 0); i >= 0 && i < at {
				best, at = t, i
			}
		}
	}
	return best
}

// labelCode maps a table row label, a column header or the label of a
// "label: value" line (lower case) to an indicator. unit is the row's unit
// cell ("Lượt người"), used when the label names no noun; context is what
// the table is about (its caption, the section row above, the row before),
// used when the label names no topic.
func (x *extractor) labelCode(label, unit, context string) string {
	l := strings.TrimSpace(label)
	if l == "" || hasAny(l, labelStops...) || hasAny(l, otherPlace...) {
		return ""
	}
	k, noun := countedNoun(l)
	uk := uNone
	if unit = strings.TrimSpace(unit); unit != "" {
		uk = matchUnit(unit, 0).kind
		if uk == uNone && (strings.HasPrefix(unit, "văn bản") || strings.HasPrefix(unit, "tin")) && (k == uPlan || k == uDecision) {
			// "Số văn bản, kế hoạch ban hành | Văn bản": documents of all kinds.
			return ""
		}
	}
	if k == uNone {
		k = uk
	}
	ratio := hasAny(l, "tỷ lệ", "tỉ lệ") || uk == uPercent
	female := hasWord(l, "nữ")
	t := labelTopic(l)
	switch {
	case ratio:
		// "Tỷ lệ nữ cán bộ, công chức": the topic is who the women are among.
		t = tNone
		if hasTopic(l, tStaff) || (hasWord(l, "cán bộ") && hasAny(l, "bình đẳng giới", "bđg")) {
			t = tStaff
		} else if hasTopic(l, tCadre) {
			t = tCadre
		}
	case k == uPerson || k == uFemale || k == uPersonTimes:
		// People are staff or cadres by role, whatever else the label says.
		if hasTopic(l, tStaff) || (noun == "cán bộ" && hasAny(l, "bình đẳng giới", "bđg")) {
			t = tStaff
		} else if t == tNone && hasTopic(l, tCadre) {
			t = tCadre
		}
		if t == tCadre || t == tStaff {
			break
		}
		if t == tSupport && !hasAny(l+" "+context, "nạn nhân", "bạo lực", "bạo hành", "blgđ", "bị hại") {
			return "" // "Số người được trợ giúp pháp lý": not victims
		}
		switch {
		case hasAny(l, "dự thi", "thí sinh"):
			t = tContest
		case t != tNone:
		case noun == "học viên":
			t = tTrain
		case hasWord(l, "nghe"):
			t = tAware // "Số lượt người nghe"
		}
	case k == uTeam:
		if t == tNone && hasWord(l, "tham gia") {
			t = tContest // "Số đội tham gia"
		}
	case k == uCase:
		if hasAny(l, caseHandled...) {
			return ""
		}
	case k == uModel:
		switch noun {
		case "câu lạc bộ", "clb", "nhóm":
			if !hasAny(l+" "+context, "bạo lực", "bạo hành", "gia đình", "bình đẳng giới", "bđg", "blgđ", "hôn nhân", "tảo hôn", "vstbcpn") {
				return ""
			}
		}
	}
	if t == tNone && context != "" && !ratio {
		// Staff come from the label itself; the context only says what the
		// counted thing is about.
		t = labelTopic(context, kindTopics(k)...)
	}
	if k == uNone {
		return x.nameMatch(l)
	}
	return indicatorFor(k, t, female, ratio)
}

// Row words: what a table row is about, by its label.
var (
	// totalRowWords label the commune's total row ("Tổng cộng", "Cộng",
	// "Toàn xã").
	totalRowWords = []string{"tổng cộng", "cộng", "tổng số", "tổng", "toàn xã", "toàn phường", "toàn thị trấn", "cả xã",
		"cả phường", "cộng toàn xã", "cộng toàn phường", "chung toàn xã", "tính chung"}
	// partRowWords label a part of the commune: a village, hamlet, ward
	// quarter or residential group.
	partRowWords = []string{"thôn", "bản", "xóm", "ấp", "tổ dân phố", "tdp", "khối", "khu", "tổ", "buôn", "làng",
		"khóm", "đội", "sóc", "plei", "khu phố"}
	// upperRowWords label a higher level: never the commune's figure.
	upperRowWords = []string{"huyện", "toàn huyện", "quận", "thị xã", "tỉnh", "toàn tỉnh", "thành phố", "cả huyện",
		"cả tỉnh", "cấp huyện", "cấp tỉnh", "toàn quốc"}
)

// rowKind is what a table row stands for.
type rowKind int

const (
	rowItem  rowKind = iota // a thing of its own (an indicator, a class, a kind of violence)
	rowTotal                // the commune's total
	rowPart                 // a village or other part of the commune
	rowUpper                // the district, the province: another level
)

// kindOfRow classifies a row by its label (lower case).
func (x *extractor) kindOfRow(label string) rowKind {
	l := strings.TrimSpace(strings.TrimRight(label, ":."))
	if l == "" {
		return rowItem
	}
	for _, w := range upperRowWords {
		if strings.HasPrefix(l, w+" ") || l == w {
			return rowUpper
		}
	}
	for _, w := range totalRowWords {
		if strings.HasPrefix(l, w) && wordBounded(l, 0, len(w)) {
			return rowTotal
		}
	}
	if x.communeLow != "" {
		for _, t := range communeTypes {
			if l == t+" "+x.communeLow || strings.HasPrefix(l, "toàn "+t) {
				return rowTotal
			}
		}
	}
	for _, w := range partRowWords {
		if strings.HasPrefix(l, w+" ") {
			return rowPart
		}
	}
	return rowItem
}
