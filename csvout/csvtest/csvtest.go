// Package csvtest opens a CSV the way an office does, in LibreOffice Calc,
// for tests that check no cell of an export becomes a formula.
package csvtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bdg-district/bdg/chtest"
)

// Sheet is a CSV as Calc read it with one separator.
type Sheet struct {
	Sep      string     // ";" or ","
	Rows     [][]string // the cells' values
	Formulas []string   // "A1: =…" for every cell Calc made a formula
}

// OpenInCalc converts csv to XLSX in headless LibreOffice twice, with ";"
// (the Vietnamese list separator, which offices pick) and with ",", and
// reads each result back. It skips under -short.
func OpenInCalc(t testing.TB, csv []byte) []Sheet {
	t.Helper()
	chtest.Long(t, "starts LibreOffice")
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice not found: make test installs LibreOffice (scripts/ensure-browser.sh)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(in, csv, 0o644); err != nil {
		t.Fatal(err)
	}
	var out []Sheet
	for _, sep := range []struct{ code, sep string }{{"59", ";"}, {"44", ","}} {
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--infilter=CSV:"+sep.code+",34,76,1", "--convert-to", "xlsx", "--outdir", filepath.Join(dir, sep.code), in)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v: %s", err, b)
		}
		f, err := excelize.OpenFile(filepath.Join(dir, sep.code, "x.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		name := f.GetSheetName(0)
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		s := Sheet{Sep: sep.sep, Rows: rows}
		for r, row := range rows {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(name, ref); formula != "" {
					s.Formulas = append(s.Formulas, ref+": "+formula)
				}
			}
		}
		f.Close()
		out = append(out, s)
	}
	return out
}
