package dashboards

import (
	"testing"

	"github.com/bdg-district/bdg/analytics"
)

type analyticsEvidence = analytics.Evidence

func TestSafeText(t *testing.T) {
	for in, want := range map[string]string{
		"=1+2": "'=1+2", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"Xã Vạn Thủy": "Xã Vạn Thủy", "": "", "1.500": "1.500",
	} {
		if got := safeText(in); got != want {
			t.Errorf("safeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHighlight(t *testing.T) {
	text := "Một. Hai ba. Bốn."
	segs := highlight(text, nil)
	if len(segs) != 1 || segs[0].Text != text {
		t.Fatalf("no evidence: %+v", segs)
	}
	// Rune offsets: "Hai ba." is runes 5-12; two values share it, one is out of range.
	segs = highlight(text, evidence(5, 12, "a", 5, 12, "b", 40, 50, "c"))
	if len(segs) != 3 || segs[1].Text != "Hai ba." || !segs[1].Mark || len(segs[1].IDs) != 2 || segs[2].Text != " Bốn." {
		t.Errorf("segments = %+v", segs)
	}
}

func evidence(v ...any) []analyticsEvidence {
	var out []analyticsEvidence
	for i := 0; i+2 < len(v); i += 3 {
		out = append(out, analyticsEvidence{Start: v[i].(int), End: v[i+1].(int), Indicator: v[i+2].(string)})
	}
	return out
}
