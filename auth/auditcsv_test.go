package auth_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/chtest"
)

// TestAuditCSVOpensWithoutFormulas is the second way in: a failed
// login whose name is a formula between separators reaches the audit log,
// and its CSV export, opened in LibreOffice Calc with ";" (the Vietnamese
// list separator) or "," as the separator, computes nothing.
func TestAuditCSVOpensWithoutFormulas(t *testing.T) {
	chtest.Long(t, "starts LibreOffice")
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice not found: make test installs LibreOffice (scripts/ensure-browser.sh)")
	}
	e := newEnv(t)
	pw, _, _ := e.auth.EnsureUser(context.Background(), "admin", auth.RoleAdmin, "")
	hostile := []string{"…;=2*21;…", "x,=2*21,y", "@sum(1;2)", "+2+40", "-2+44", "a\t=2*21"}
	attacker := e.browser(t)
	for _, name := range hostile {
		if res := attacker.login(name, "whatever-password"); res.StatusCode != 401 {
			t.Fatalf("failed login %q = %d", name, res.StatusCode)
		}
	}
	admin := e.browser(t)
	admin.login("admin", pw)
	res, csv := admin.do("GET", "/admin/audit?format=csv&action=login.failed", nil, nil)
	if res.StatusCode != 200 || !strings.Contains(csv, "2*21") {
		t.Fatalf("audit csv = %d %s", res.StatusCode, csv)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "audit.csv")
	if err := os.WriteFile(in, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, sep := range []string{"59", "44"} { // ";" then ","
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--infilter=CSV:"+sep+",34,76,1", "--convert-to", "xlsx", "--outdir", filepath.Join(dir, sep), in)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v: %s", err, out)
		}
		f, err := excelize.OpenFile(filepath.Join(dir, sep, "audit.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < len(hostile)+1 {
			t.Errorf("separator %s: %d rows, want a header and %d entries", sep, len(rows), len(hostile))
		}
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, ref); formula != "" || v == "42" {
					t.Errorf("separator %s: cell %s = %q became the formula %q", sep, ref, v, formula)
				}
			}
		}
		f.Close()
	}
}
