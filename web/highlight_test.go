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
