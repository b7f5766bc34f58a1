package web

import "testing"

func TestHighlight(t *testing.T) {
	text := "Một. Hai ba. Bốn."
	segs := Highlight(text, nil)
	if len(segs) != 1 || segs[0].Text != text {
		t.Fatalf("no evidence: %+v", segs)
	}
	// Rune offsets: "Hai ba." is runes 5-12; two values share it, one is out of range.
	segs = Highlight(text, evidence(5, 12, "a", 5, 12, "b", 40, 50, "c"))
	if len(segs) != 3 || segs[1].Text != "Hai ba." || !segs[1].Mark || len(segs[1].IDs) != 2 || segs[2].Text != " Bốn." {
		t.Errorf("segments = %+v", segs)
	}
}

func evidence(v ...any) []Span {
	var out []Span
	for i := 0; i+2 < len(v); i += 3 {
		out = append(out, Span{Start: v[i].(int), End: v[i+1].(int), Indicator: v[i+2].(string)})
	}
	return out
}

func TestHighlightCell(t *testing.T) {
	text := "Số cuộc | Cuộc | 11 | 14\nHết."
	// Evidence is runes 0-24 (row label to cell); the cell "14" is 22-24.
	segs := Highlight(text, []Span{{Indicator: "a", Start: 0, End: 24}, {Indicator: "a", Start: 22, End: 24, Cell: true},
		{Indicator: "b", Start: 26, End: 30, Cell: true}})
	if len(segs) != 2 || !segs[0].Mark || segs[0].Text != "Số cuộc | Cuộc | 11 | 14" {
		t.Fatalf("segments = %+v", segs)
	}
	p := segs[0].Parts
	if len(p) != 2 || p[0].Text != "Số cuộc | Cuộc | 11 | " || p[0].Cell || p[1].Text != "14" || !p[1].Cell || p[1].ID != "cell-a" {
		t.Errorf("parts = %+v", p)
	}
	if segs[1].Parts != nil || segs[1].Mark {
		t.Errorf("a cell outside any evidence is not marked: %+v", segs[1])
	}
}
