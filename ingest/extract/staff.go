package extract

import (
	"regexp"
	"strings"
)

// sexMark is a person's sex in brackets: "(nam)", "(nữ)".
var sexMark = regexp.MustCompile(`\((nam|nữ)\)`)

// staffRoles are the nouns for one official.
var staffRoles = []string{"công chức", "cán bộ", "đồng chí", "chuyên viên", "viên chức"}

// staffMarks reads an uncounted official marked by sex as one person
// working on gender equality: "công chức văn hóa – xã hội (nam) kiêm nhiệm
// công tác bình đẳng giới" is one member of staff, no woman. A count in the
// clause ("01 công chức (nữ)") is read by the prose rules instead.
func (x *extractor) staffMarks() {
	d := x.d
	for _, m := range sexMark.FindAllStringSubmatchIndex(d.low, -1) {
		if x.over() {
			return
		}
		si := d.sentenceOf(m[0])
		if si < 0 || d.lineSec[d.lineOf(m[0])] != secResults {
			continue
		}
		s := d.clip(d.sentences[si], m[0], m[1])
		clause := d.low[s.start:m[0]]
		if i := strings.LastIndexAny(clause, ",;:"); i >= 0 {
			clause = clause[i+1:]
		}
		if strings.ContainsAny(clause, "0123456789") || len(findNumbers(clause)) > 0 || !hasAny(clause, staffRoles...) {
			continue
		}
		rest := d.low[m[1]:s.end]
		if i := strings.IndexAny(rest, ";."); i >= 0 {
			rest = rest[:i]
		}
		what := clause + " " + rest
		if !hasTopic(what, tStaff) || !hasAny(what, "bình đẳng giới", "bđg", "vstbcpn", "tiến bộ của phụ nữ", "tiến bộ phụ nữ") ||
			hasAny(what, "tham gia", "tham dự", "tập huấn") {
			continue
		}
		female := 0.0
		if d.low[m[2]:m[3]] == "nữ" {
			female = 1
		}
		ev := d.evidence(si, m[0], m[1])
		x.add(cand{code: indicatorFor(uPerson, tStaff, false, false), value: 1, unit: "người", noun: "người", ev: ev, conf: 0.75, sent: si})
		x.add(cand{code: indicatorFor(uPerson, tStaff, true, false), value: female, unit: "người", noun: "người", ev: ev, conf: 0.75, sent: si})
	}
}
