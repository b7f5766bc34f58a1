package csvout

import (
	"testing"

	"github.com/bdg-district/bdg/csvout/csvtest"
)

func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"=1+2": "'=1+2", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"a;=2*21;b": "a;'=2*21;b", "x,+1": "x,'+1", "Xã Vạn Thủy": "Xã Vạn Thủy", "": "", "1.500": "1.500", "a - b": "a - b",
	} {
		if got := Defuse(in); got != want {
			t.Errorf("Defuse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteQuotesText(t *testing.T) {
	got := string(Write([][]Field{{Text(`Xã "A"`), Number(1500), Empty(), Text("a;b")}}))
	want := "\uFEFF\"Xã \"\"A\"\"\",1500,,\"a;b\"\r\n"
	if got != want {
		t.Errorf("Write = %q, want %q", got, want)
	}
}

// TestLibreOfficeFindsNoFormula opens a CSV of hostile cells the way an
// office does, with ";" as the separator, in LibreOffice Calc, and checks
// that no cell became a formula.
func TestLibreOfficeFindsNoFormula(t *testing.T) {
	hostile := []string{"…;=2*21;…", "=2*21", "a,=2*21", "x;+1+1", "@SUM(1;2)", "-2+3"}
	var rows [][]Field
	for _, h := range hostile {
		rows = append(rows, []Field{Text("Xã " + h), Text(h), Number(7)})
	}
	for _, sh := range csvtest.OpenInCalc(t, Write(rows)) {
		if len(sh.Formulas) > 0 {
			t.Errorf("separator %q: cells became formulas: %q", sh.Sep, sh.Formulas)
		}
		if sh.Sep != "," {
			continue
		}
		// With the file's own separator every row keeps its three fields,
		// the hostile text intact but for the apostrophes; with ";" the
		// rows do not parse as meant, and still nothing computes.
		for r, row := range sh.Rows {
			if len(row) != 3 || row[1] != Defuse(hostile[r]) {
				t.Errorf("row %d = %q, want %q in the second of three cells", r+1, row, Defuse(hostile[r]))
			}
		}
	}
}
