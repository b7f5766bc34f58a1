package web

import "sort"

// Segment is a run of a report's text: plain, or the evidence of one or
// more values (IDs are their anchors, "ev-CODE"). Parts, when set, cut a
// marked run where a table value's cell stands in it, so the page can show
// the cell itself; Text is still the whole run.
type Segment struct {
	Text  string
	IDs   []string
	Mark  bool
	Parts []Part
}

// Part is a piece of a marked segment: a table cell (anchor "cell-CODE")
// or the text around it.
type Part struct {
	Text string
	Cell bool
	ID   string
}

// Span is one value's evidence: its indicator and rune offsets. A span with
// Cell set is the table cell inside a value's evidence, not evidence itself.
type Span struct {
	Indicator  string
	Start, End int
	Cell       bool
}

// Highlight cuts text at the evidence offsets (runes) so each value's
// sentence can be marked and linked as #ev-CODE, on the report pages and
// the review page alike. Overlapping evidence is merged into one mark
// carrying every anchor; offsets outside the text are ignored. A cell span
// splits the mark it falls in into Parts, linked as #cell-CODE.
func Highlight(text string, vals []Span) []Segment {
	runes := []rune(text)
	type span struct {
		start, end int
		ids        []string
	}
	var spans, cells []span
	for _, v := range vals {
		if v.End <= v.Start || v.Start < 0 || v.End > len(runes) {
			continue
		}
		if v.Cell {
			cells = append(cells, span{v.Start, v.End, []string{"cell-" + v.Indicator}})
			continue
		}
		spans = append(spans, span{v.Start, v.End, []string{"ev-" + v.Indicator}})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	sort.Slice(cells, func(i, j int) bool { return cells[i].start < cells[j].start })
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
		seg := Segment{Text: string(runes[s.start:s.end]), IDs: s.ids, Mark: true}
		// The cells inside this mark, each once, in order.
		at := s.start
		for _, c := range cells {
			if c.start < at || c.end > s.end {
				continue
			}
			if c.start > at {
				seg.Parts = append(seg.Parts, Part{Text: string(runes[at:c.start])})
			}
			seg.Parts = append(seg.Parts, Part{Text: string(runes[c.start:c.end]), Cell: true, ID: c.ids[0]})
			at = c.end
		}
		if seg.Parts != nil && at < s.end {
			seg.Parts = append(seg.Parts, Part{Text: string(runes[at:s.end])})
		}
		out = append(out, seg)
		pos = s.end
	}
	if pos < len(runes) {
		out = append(out, Segment{Text: string(runes[pos:])})
	}
	return out
}
