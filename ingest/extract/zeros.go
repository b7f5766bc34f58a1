package extract

import (
	"regexp"
	"sort"
	"strings"
)

var (
	zeroRe      = regexp.MustCompile(`^(?:không|chưa)\s+(?:có|xảy ra|để xảy ra|phát hiện|ghi nhận|phát sinh|tổ chức được|tổ chức|mở được|mở)\s+(?:bất kỳ\s+|một\s+)?(vụ việc|vụ|trường hợp|cuộc|buổi|lớp)(?:[^\p{L}]|$)`)
	zeroGBVRe   = regexp.MustCompile(`^(?:không|chưa)\s+(?:có|xảy ra|để xảy ra|phát hiện|ghi nhận|phát sinh)\s+(?:tình trạng\s+|hiện tượng\s+)?(bạo lực gia đình|bạo lực trên cơ sở giới|bạo lực)`)
	zeroQualify = []string{"nghiêm trọng", "phức tạp", "kéo dài", "tái diễn", "mới", "điểm nóng", "tái phạm"}
)

// findFrom runs re (anchored, at most 200 bytes long) where "không" or
// "chưa" starts a word, rather than from every byte of the text; matches
// do not overlap, as FindAllStringSubmatchIndex's.
func findFrom(low string, re *regexp.Regexp) [][]int {
	var starts []int
	for _, w := range []string{"không", "chưa"} {
		for from := 0; ; {
			i := strings.Index(low[from:], w)
			if i < 0 {
				break
			}
			i += from
			from = i + len(w)
			if wordBounded(low, i, i+len(w)) {
				starts = append(starts, i)
			}
		}
	}
	sort.Ints(starts)
	var out [][]int
	end := 0
	for _, at := range starts {
		if at < end {
			continue
		}
		m := re.FindStringSubmatchIndex(low[at:min(len(low), at+200)])
		if m == nil {
			continue
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += at
			}
		}
		out = append(out, m)
		end = m[1]
	}
	return out
}

// zeros reads stated zeros: "không có vụ bạo lực gia đình ... nào xảy ra".
func (x *extractor) zeros() {
	d := x.d
	for _, m := range findFrom(d.low, zeroRe) {
		if x.over() {
			return
		}
		si := d.sentenceOf(m[0])
		if si < 0 || d.lineSec[d.lineOf(m[0])] != secResults {
			continue
		}
		s := d.clip(d.sentences[si], m[0], m[3])
		if m[3] > s.end {
			continue // the phrase runs over a sentence boundary
		}
		after := d.low[m[3]:s.end]
		verb := d.low[m[0]:m[2]]
		if !hasWord(after, "nào") && !strings.Contains(verb, "xảy ra") && !strings.Contains(verb, "phát hiện") && !strings.Contains(verb, "phát sinh") {
			continue
		}
		mm := mention{start: m[0], end: m[0] + len(strings.Fields(d.low[m[0]:m[2]])[0]), value: 0}
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
	for _, m := range findFrom(d.low, zeroGBVRe) {
		if x.over() {
			return
		}
		si := d.sentenceOf(m[0])
		if si < 0 || d.lineSec[d.lineOf(m[0])] != secResults {
			continue
		}
		s := d.clip(d.sentences[si], m[0], m[1])
		if m[1] > s.end || hasAny(d.low[m[0]:s.end], zeroQualify...) {
			continue
		}
		mm := mention{start: m[0], end: m[0] + len("không"), value: 0}
		c := x.context(mm, si)
		if x.excluded(c) {
			continue
		}
		x.add(cand{code: indicatorFor(uCase, tGBV, false, false), value: 0, unit: "vụ", noun: "vụ", ev: d.evidence(si, m[0], m[1]), conf: 0.75, sent: si})
	}
}
