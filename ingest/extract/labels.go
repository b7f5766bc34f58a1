package extract

import (
	"regexp"
	"strings"
	"unicode"
)

// labelValue matches "Số lượt người nghe: 1.500" in prose.
var labelValue = regexp.MustCompile(`^([^:;=]{3,120}?)\s*[:=]\s*(\d+(?:\.\d{3})*(?:,\d+)?)\s*(%|[\p{L} ]{0,25})?\s*[;.]?\s*$`)

// labelled reads table rows ("Số lượt người nghe | 1.500") and
// "label: value" lines.
func (x *extractor) labelled() {
	d := x.d
	var roles []string // column roles of the current table
	next := 0          // first sentence not before the current line
	prevLabel := ""    // indicator of the "label: value" line above
	for li, l := range d.lines {
		if !d.tableLine[li] {
			roles = nil
			x.lastRowCode = ""
			if d.lineSec[li] != secResults {
				continue
			}
			// Prose "label: value" clauses.
			for ; next < len(d.sentences) && d.sentences[next].start < l.start; next++ {
			}
			for si := next; si < len(d.sentences) && d.sentences[si].end <= l.end; si++ {
				s := d.sentences[si]
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
					if code == "" && hasAny(label, "lượt", "người tham dự", "người tham gia", "người nghe") && !hasAny(label, "lớp", "buổi", "cuộc", "đội") {
						// "Số lượt người tham dự: 350" under "Số cuộc tuyên truyền: 04".
						switch prevLabel {
						case "comm_sessions":
							code = "listeners_reached"
						case "training_sessions":
							code = "training_attendance"
						}
					}
					prevLabel = code
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
		case c == "nữ" || c == "trong đó nữ" || c == "số nữ" || c == "trong đó: nữ":
			roles[i] = "female"
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
	labelIdx, valueIdx, unitIdx, femaleIdx := -1, -1, -1, -1
	for i, r := range roles {
		switch r {
		case "female":
			femaleIdx = i
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
	if code == "" && hasAny(label, "lượt", "người tham dự", "người tham gia") && !hasAny(label, "lớp", "buổi", "cuộc", "đội") {
		// "Số lượt người tham dự" under the sessions row it belongs to.
		switch prev {
		case "comm_sessions":
			code = "listeners_reached"
		case "training_sessions":
			code = "training_attendance"
		}
		x.lastRowCode = code
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
	// A "Nữ" column holds the female part of the row's total.
	if femaleIdx >= 0 && femaleIdx < len(cells) {
		if fv, ok := cellNumber(lowCells[femaleIdx]); ok {
			for _, ind := range x.cat {
				if ind.Parent == code {
					x.add(cand{code: ind.Code, value: fv, unit: unit, noun: ind.Code, ev: span{a, b}, conf: 0.8, sent: si})
				}
			}
		}
	}
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
	case hasAny(l, "mô hình", "địa chỉ tin cậy", "nhà tạm lãnh", "nhà an toàn", "tổ hòa giải", "tổ hoà giải") ||
		(hasAny(l, "câu lạc bộ", "clb", "nhóm") && hasAny(l, "bạo lực", "gia đình", "bình đẳng giới", "bđg")):
		return "community_models"
	case hasAny(l, "lượt", "người nghe", "người tham dự", "người tham gia", "học viên"):
		if hasTopic(l, tTrain) {
			return "training_attendance"
		}
		if hasTopic(l, tAware) || hasWord(l, "nghe") {
			return "listeners_reached"
		}
		return ""
	case hasAny(l, "tham gia", "tham dự") && !hasAny(l, "lớp", "buổi", "cuộc", "hội nghị", "đội", "số người", "số lượt") &&
		(hasTopic(l, tTrain) || hasTopic(l, tAware)):
		// "Cán bộ, hội viên tham gia tập huấn: 35 người".
		if hasTopic(l, tTrain) {
			return "training_attendance"
		}
		return "listeners_reached"
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
