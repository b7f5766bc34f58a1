package extract

import (
	"regexp"
	"strings"
)

// labelValue matches "Số lượt người nghe: 1.500" in prose.
var labelValue = regexp.MustCompile(`^([^:;=]{3,120}?)\s*[:=]\s*(\d+(?:\.\d{3})*(?:,\d+)?)\s*(%|[\p{L} ]{0,25})?\s*[;.]?\s*$`)

// labelled reads "label: value" lines of the results part ("Số lượt người
// nghe: 1.500"); tables are read by tables().
func (x *extractor) labelled() {
	d := x.d
	next := 0       // first sentence not before the current line
	prevLabel := "" // the label of the "label: value" clause above
	for li, l := range d.lines {
		if x.over() {
			return
		}
		if d.tableLine[li] || d.lineSec[li] != secResults {
			prevLabel = ""
			continue
		}
		for ; next < len(d.sentences) && d.sentences[next].start < l.start; next++ {
		}
		for si := next; si < len(d.sentences) && d.sentences[si].end <= l.end; si++ {
			s := d.sentences[si]
			off := s.start
			for _, part := range strings.Split(d.text[s.start:s.end], ";") {
				a, b := trimSpan(d.text, off, off+len(part))
				off += len(part) + 1
				if !strings.ContainsAny(d.text[a:b], ":=") {
					continue
				}
				m := labelValue.FindStringSubmatchIndex(d.text[a:b])
				if m == nil {
					continue
				}
				label := d.low[a+m[2] : a+m[3]]
				unit := ""
				if m[6] >= 0 {
					unit = strings.TrimSpace(d.text[a+m[6] : a+m[7]])
				}
				// "Số lượt người tham dự: 350" under "Số cuộc tuyên truyền: 04".
				code := x.labelCode(label, lowerAligned(unit), prevLabel)
				prevLabel = label
				if code == "" {
					continue
				}
				v, ok := parseDigits(d.low[a+m[4] : a+m[5]])
				if !ok {
					continue
				}
				x.add(cand{code: code, value: v, unit: unitOr(unit, matchUnit(d.low, a+m[5])), noun: code, ev: span{a, b}, conf: 0.8, sent: si})
			}
		}
	}
}

func unitOr(written string, u unitMatch) string {
	if u.kind != uNone {
		return u.noun
	}
	return written
}

// nameSeps are the separators between the words of an indicator's name.
var nameSeps = strings.NewReplacer(",", " ", "(", " ", ")", " ", "/", " ")

// nameMatch matches a label against catalogue names, so an indicator a
// district adds can be read from tables without new rules.
func (x *extractor) nameMatch(l string) string {
	lw := strings.Fields(nameSeps.Replace(l))
	if len(lw) < 2 {
		return ""
	}
	set := map[string]bool{}
	for _, w := range lw {
		set[w] = true
	}
	if x.nameWords == nil {
		// The catalogue's names, split once per report.
		x.nameWords = make([][]string, len(x.cat))
		for i, ind := range x.cat {
			x.nameWords[i] = strings.Fields(nameSeps.Replace(lowerAligned(ind.NameVI)))
		}
	}
	best, bestScore := "", 0.0
	for i, ind := range x.cat {
		nw := x.nameWords[i]
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
