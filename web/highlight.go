package web

import "sort"

// Segment is a run of a report's text: plain, or the evidence of one or
// more values (IDs are their anchors, "ev-CODE").
type Segment struct {
	Text string
	IDs  []string
	Mark bool
}

// Span is one value's evidence: its indicator and rune offsets.
type Span struct {
	Indicator  string
	Start, End int
}

// Highlight cuts text at the evidence offsets (runes) so each value's
// sentence can be marked and linked as #ev-CODE, on the report pages and
// the review page alike. Overlapping evidence is merged into one mark
// carrying every anchor; offsets outside the text are ignored.
func Highlight(text string, vals []Span) []Segment {
	runes := []rune(text)
	type span struct {
		start, end int
		ids        []string
	}
	var spans []span
	for _, v := range vals {
		if v.End <= v.Start || v.Start < 0 || v.End > len(runes) {
			continue
		}
		spans = append(spans, span{v.Start, v.End, []string{"ev-" + v.Indicator}})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var merged []span
	for _, s := range spans {
		if n := len(merged); n > 0 && s.start < merged[n-1].end {
			if s.end > merged[n-1].end {
				merged[n-1].end = s.end
			}
			merged[n-1].ids = append(merged[n-1].ids, s.ids...)
			continue
		}
		merged = append(merged, s)
	}
	var out []Segment
	pos := 0
	for _, s := range merged {
		if s.start > pos {
			out = append(out, Segment{Text: string(runes[pos:s.start])})
		}
		out = append(out, Segment{Text: string(runes[s.start:s.end]), IDs: s.ids, Mark: true})
		pos = s.end
	}
	if pos < len(runes) {
		out = append(out, Segment{Text: string(runes[pos:])})
	}
	return out
}
