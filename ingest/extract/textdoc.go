package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

type span struct{ start, end int }

// section is the kind of report part a position falls in.
type section int

const (
	secResults   section = iota
	secTasks             // PHƯƠNG HƯỚNG, NHIỆM VỤ: plans for the next period
	secProposals         // KIẾN NGHỊ, ĐỀ XUẤT
)

// textDoc is the normalised text with its lower-cased twin (same byte
// offsets), lines, sentences and sections.
type textDoc struct {
	text, low string
	lines     []span
	sentences []span
	lineSec   []section
	// lineReview marks the assessment part (NHẬN XÉT, ĐÁNH GIÁ), which
	// restates figures given before it.
	lineReview []bool
	tableLine  []bool
	runeMarks  []runeMark // filled by runeOffset when first needed
}

func newTextDoc(text string) *textDoc {
	d := &textDoc{text: text, low: lowerAligned(text)}
	start := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			d.lines = append(d.lines, span{start, i})
			start = i + 1
		}
	}
	d.tableLine = make([]bool, len(d.lines))
	for i, l := range d.lines {
		s := text[l.start:l.end]
		d.tableLine[i] = strings.Contains(s, " | ") || strings.Count(strings.Trim(s, "\t "), "\t") >= 1
	}
	for _, p := range d.paragraphs() {
		d.sentences = append(d.sentences, splitSentences(text, p)...)
	}
	d.sections()
	return d
}

// paragraphs joins lines that a hard wrap cut mid-sentence ("... đẩy mạnh
// công" + "nghiệp hóa, ..."): a line without closing punctuation followed,
// maybe after blank lines, by one starting in lower case.
func (d *textDoc) paragraphs() []span {
	var out []span
	wrap := d.wrapWidth()
	for i := 0; i < len(d.lines); i++ {
		p := d.lines[i]
		// A hard-wrapped paragraph is a few lines; a run of hundreds of short
		// lines without a full stop is not one sentence.
		for joined := 0; !d.tableLine[i] && joined < maxJoin; joined++ {
			cur := strings.TrimSpace(d.text[d.lines[i].start:d.lines[i].end])
			if cur == "" || strings.ContainsAny(cur[len(cur)-1:], ".:;!?") || isUpperLine(cur) {
				break
			}
			j := i + 1
			for j < len(d.lines) && j <= i+2 && strings.TrimSpace(d.text[d.lines[j].start:d.lines[j].end]) == "" {
				j++
			}
			if j >= len(d.lines) || d.tableLine[j] {
				break
			}
			next := strings.TrimSpace(d.text[d.lines[j].start:d.lines[j].end])
			r, _ := utf8.DecodeRuneInString(next)
			if next == "" {
				break
			}
			// In a text hard-wrapped at a fixed width, a full line runs on into
			// the next even when that starts with a capital ("... Luật" +
			// "Bình đẳng giới ..."), unless either looks like a heading or item.
			wrapped := wrap > 0 && j == i+1 && utf8.RuneCountInString(cur) >= wrap-15 &&
				(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '(') &&
				!numbered.MatchString(cur) && !topHeading.MatchString(cur) &&
				!itemStart.MatchString(next) && !isUpperLine(next) &&
				!strings.ContainsAny(next[:1], "-+*•")
			if !unicode.IsLower(r) && !wrapped {
				break
			}
			i = j
			p.end = d.lines[j].end
		}
		out = append(out, p)
	}
	return out
}

// maxJoin is the most lines joined into one paragraph.
const maxJoin = 16

// wrapWidth guesses the width a plain text was hard-wrapped at, or 0: most
// longer lines end close to one width and none runs far beyond it.
func (d *textDoc) wrapWidth() int {
	var lens []int
	long := 0
	for i, l := range d.lines {
		if d.tableLine[i] {
			continue
		}
		n := utf8.RuneCountInString(strings.TrimSpace(d.text[l.start:l.end]))
		if n >= 40 {
			long++
		}
		if n >= 40 && n <= 120 {
			lens = append(lens, n)
		}
	}
	w := 0
	for _, n := range lens {
		w = max(w, n)
	}
	near, runOn := 0, 0
	for i, l := range d.lines {
		if d.tableLine[i] {
			continue
		}
		n := utf8.RuneCountInString(strings.TrimSpace(d.text[l.start:l.end]))
		if n < 40 || n > 120 || n < w-15 {
			continue
		}
		near++
		// Wrapping cuts sentences mid-way: most such lines run on into one
		// starting in lower case.
		if i+1 < len(d.lines) {
			r, _ := utf8.DecodeRuneInString(strings.TrimSpace(d.text[d.lines[i+1].start:d.lines[i+1].end]))
			if unicode.IsLower(r) {
				runOn++
			}
		}
	}
	if near < 3 || 2*near < long || runOn < 2 || 3*runOn < near {
		return 0
	}
	return w
}

// splitSentences cuts a line at ". ", "! ", "? " (before an upper-case
// letter, digit or bullet) and at table cell separators.
func splitSentences(text string, l span) []span {
	var out []span
	s := l.start
	add := func(e int) {
		a, b := trimSpan(text, s, e)
		if b > a {
			out = append(out, span{a, b})
		}
	}
	for i := l.start; i < l.end; i++ {
		c := text[i]
		switch {
		case c == '|' && i > l.start && text[i-1] == ' ' && i+1 < l.end && text[i+1] == ' ':
			add(i)
			s = i + 1
		case c == '\t':
			add(i)
			s = i + 1
		case c == '.' || c == '!' || c == '?':
			if i+1 >= l.end {
				continue
			}
			if text[i+1] != ' ' {
				continue
			}
			j := i + 1
			for j < l.end && text[j] == ' ' {
				j++
			}
			if j >= l.end {
				continue
			}
			r, _ := utf8.DecodeRuneInString(text[j:])
			if unicode.IsUpper(r) || unicode.IsDigit(r) || r == '-' || r == '+' || r == '*' || r == '•' {
				add(i + 1)
				s = i + 1
			}
		}
	}
	add(l.end)
	return out
}

// trimSpan trims spaces and list bullets from both ends of text[a:b].
func trimSpan(text string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(text[a:b])
		if unicode.IsSpace(r) || r == '-' || r == '+' || r == '*' || r == '•' || r == '–' || r == '|' {
			a += n
			continue
		}
		break
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(text[a:b])
		if unicode.IsSpace(r) || r == '|' {
			b -= n
			continue
		}
		break
	}
	return a, b
}

var (
	topHeading = regexp.MustCompile(`^\s*(?:(?i:phần)\s+(?:(?i:thứ)\s+)?[IVX\d]+|[IVX]+|[A-ZĐ])\s*[.:/)\-–]\s*\S`)
	tasksHead  = regexp.MustCompile(`^\s*(?:phần\s+(?:thứ\s+)?\S+|[ivx]+|[a-zđ])\s*[.:/)\-–]\s*(?:nhiệm vụ|kế hoạch)`)
	itemStart  = regexp.MustCompile(`^\s*(?:\d+(?:\.\d+)*|[a-zđA-ZĐ]|[IVX]+)\s*[.:)\-–]\s|^\s*(?i:phần)\s`)
	numbered   = regexp.MustCompile(`^\s*\d+(?:\.\d+)*\s*[.:/)\-–]`)
	// nextTasks is a sub-heading for the next period's tasks: "2. Nhiệm vụ quý III".
	nextTasks  = regexp.MustCompile(`^nhiệm vụ(?:,? giải pháp)?\s+(?:quý|\d+\s+tháng|sáu tháng|chín tháng|ba tháng|năm\s+\d{4}|thời gian tới|kỳ tới|những tháng|tháng\s+\d)[^.!?]*[:.]?$`)
	subHeading = regexp.MustCompile(`^\s*(?:\d+(?:\.\d+)*\s*[.:/)\-–]|[a-zđ]\s*\)|[-*+•–])?\s*`)
)

// sections classifies each line's part of the report from its headings.
func (d *textDoc) sections() {
	d.lineSec = make([]section, len(d.lines))
	d.lineReview = make([]bool, len(d.lines))
	review := false
	cur := secResults
	for i, l := range d.lines {
		raw := strings.TrimSpace(d.text[l.start:l.end])
		low := strings.TrimSpace(d.low[l.start:l.end])
		if low != "" {
			short := utf8.RuneCountInString(raw) < 200
			top := short && topHeading.MatchString(raw)
			// A numbered capitals line ("1. CÔNG TÁC TUYÊN TRUYỀN") is a sub-heading.
			caps := short && isUpperLine(raw) && !numbered.MatchString(raw)
			if top || caps {
				cur = classifyHeading(low, true)
				review = !numbered.MatchString(raw) && (strings.Contains(low, "đánh giá") || strings.Contains(low, "nhận xét"))
			} else {
				// An unnumbered or sub-numbered line that opens the tasks part.
				rest := low[len(subHeading.FindString(low)):]
				if strings.HasPrefix(rest, "phương hướng") || strings.HasPrefix(rest, "nhiệm vụ trọng tâm") ||
					strings.HasPrefix(rest, "nhiệm vụ, giải pháp") || strings.HasPrefix(rest, "nhiệm vụ và giải pháp") ||
					(len(rest) < 100 && nextTasks.MatchString(rest)) {
					cur = secTasks
				} else if strings.HasPrefix(rest, "kiến nghị") || strings.HasPrefix(rest, "đề xuất") {
					cur = secProposals
				}
			}
		}
		d.lineSec[i] = cur
		d.lineReview[i] = review
	}
}

func classifyHeading(low string, top bool) section {
	switch {
	case strings.Contains(low, "phương hướng") || strings.Contains(low, "nhiệm vụ trọng tâm") ||
		strings.Contains(low, "thời gian tới") || strings.Contains(low, "giải pháp thực hiện") ||
		tasksHead.MatchString(low):
		return secTasks
	case strings.Contains(low, "kiến nghị") || strings.Contains(low, "đề xuất") || strings.Contains(low, "đề nghị"):
		return secProposals
	}
	return secResults
}

// isUpperLine reports whether a line's letters are all capitals (at least 4).
func isUpperLine(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 4
}

// lineOf returns the index of the line holding byte pos.
func (d *textDoc) lineOf(pos int) int {
	lo, hi := 0, len(d.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.lines[mid].start <= pos {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// sentenceOf returns the index of the sentence holding byte pos, or -1.
func (d *textDoc) sentenceOf(pos int) int {
	lo, hi := 0, len(d.sentences)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.sentences[mid].start <= pos {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo < 0 || lo >= len(d.sentences) {
		return -1
	}
	s := d.sentences[lo]
	if pos < s.start || pos >= s.end {
		return -1
	}
	return lo
}

// Context windows: a figure is read with at most this much of its sentence
// on each side, so that an endless "sentence" (thousands of short lines
// without a full stop) costs the same per figure as a normal one.
const (
	ctxBefore   = 1000
	ctxAfter    = 500
	maxEvidence = 4000 // a longer sentence is cut around its figure for evidence
)

// clip returns the part of s within ctxBefore bytes before a and ctxAfter
// after b, cut on rune boundaries.
func (d *textDoc) clip(s span, a, b int) span {
	lo, hi := s.start, s.end
	if a-ctxBefore > lo {
		lo = a - ctxBefore
		for lo < a && !utf8.RuneStart(d.text[lo]) {
			lo++
		}
	}
	if b+ctxAfter < hi {
		hi = b + ctxAfter
		for hi > b && hi < len(d.text) && !utf8.RuneStart(d.text[hi]) {
			hi--
		}
	}
	return span{lo, hi}
}

// evidence is the sentence si as evidence of the figure at a..b: the whole
// sentence, or around the figure when the sentence is endless.
func (d *textDoc) evidence(si, a, b int) span {
	s := d.sentences[si]
	if s.end-s.start <= maxEvidence {
		return s
	}
	return d.clip(s, a, b)
}

// runeStep is the spacing of the rune-count checkpoints: close enough that
// the count from one to an offset costs little next to the value it places.
const runeStep = 128

// runeOffset converts a byte offset into a rune index, from the nearest
// checkpoint before it: a value's offsets cost the same anywhere in the text.
func (d *textDoc) runeOffset(b int) int {
	if d.runeMarks == nil {
		d.runeMarks = make([]runeMark, 0, len(d.text)/runeStep+1)
		n := 0
		next := 0
		for i := range d.text { // i steps over runes
			if i >= next {
				d.runeMarks = append(d.runeMarks, runeMark{i, n})
				next = (i/runeStep + 1) * runeStep
			}
			n++
		}
	}
	k := min(b/runeStep, len(d.runeMarks)-1)
	for k > 0 && d.runeMarks[k].byte > b {
		k--
	}
	if k < 0 {
		return utf8.RuneCountInString(d.text[:b])
	}
	m := d.runeMarks[k]
	return m.runes + utf8.RuneCountInString(d.text[m.byte:b])
}

// runeMark is a checkpoint: the rune count at a byte offset.
type runeMark struct{ byte, runes int }

// hasWord reports whether s contains w as whole words.
func hasWord(s, w string) bool { return wordIndex(s, w, 0) >= 0 }

// wordIndex finds w in s at or after from, as whole words.
func wordIndex(s, w string, from int) int {
	for from <= len(s) {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return -1
		}
		i += from
		if wordBounded(s, i, i+len(w)) {
			return i
		}
		from = i + 1
	}
	return -1
}

// lastWordIndex finds the last whole-word w in s.
func lastWordIndex(s, w string) int {
	// Most cues are absent: a forward search (vectorised) says so faster
	// than the backward one (byte by byte).
	if !strings.Contains(s, w) {
		return -1
	}
	end := len(s)
	for end > 0 {
		i := strings.LastIndex(s[:end], w)
		if i < 0 {
			return -1
		}
		if wordBounded(s, i, i+len(w)) {
			return i
		}
		end = i + len(w) - 1
	}
	return -1
}

func wordBounded(s string, a, b int) bool {
	if a > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:a])
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			return false
		}
	}
	if b < len(s) {
		r, _ := utf8.DecodeRuneInString(s[b:])
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			return false
		}
	}
	return true
}

// hasAny reports whether s contains any of ws as whole words.
func hasAny(s string, ws ...string) bool {
	for _, w := range ws {
		if hasWord(s, w) {
			return true
		}
	}
	return false
}
