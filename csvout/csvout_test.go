package csvout

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
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
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice not found: make test installs libreoffice-calc-nogui (scripts/ensure-browser.sh)")
	}
	dir := t.TempDir()
	hostile := []string{"…;=2*21;…", "=2*21", "a,=2*21", "x;+1+1", "@SUM(1;2)", "-2+3"}
	var rows [][]Field
	for _, h := range hostile {
		rows = append(rows, []Field{Text("Xã " + h), Text(h), Number(7)})
	}
	in := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(in, Write(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, sep := range []string{"59", "44"} { // ";" then ","
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--infilter=CSV:"+sep+",34,76,1", "--convert-to", "xlsx", "--outdir", filepath.Join(dir, sep), in)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v: %s", err, out)
		}
		f, err := excelize.OpenFile(filepath.Join(dir, sep, "x.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		rowsOut, err := f.GetRows("x")
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rowsOut {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula("x", ref); formula != "" {
					t.Errorf("separator %s: cell %s became the formula %q", sep, ref, formula)
				}
			}
			// With the file's own separator every row keeps its three fields,
			// the hostile text intact but for the apostrophes; with ";" the
			// rows do not parse as meant, and still nothing computes.
			if sep == "44" && (len(row) != 3 || row[1] != Defuse(hostile[r])) {
				t.Errorf("separator %s: row %d = %q, want %q in the second of three cells", sep, r+1, row, Defuse(hostile[r]))
			}
		}
		f.Close()
	}
}
