package auth_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/csvout/csvtest"
)

// TestAuditCSVOpensWithoutFormulas is the second way in: a failed
// login whose name is a formula between separators reaches the audit log,
// and its CSV export, opened in LibreOffice Calc with ";" (the Vietnamese
// list separator) or "," as the separator, computes nothing.
func TestAuditCSVOpensWithoutFormulas(t *testing.T) {
	chtest.Long(t, "starts LibreOffice")
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
	for _, sh := range csvtest.OpenInCalc(t, []byte(csv)) {
		if len(sh.Rows) < len(hostile)+1 {
			t.Errorf("separator %q: %d rows, want a header and %d entries", sh.Sep, len(sh.Rows), len(hostile))
		}
		if len(sh.Formulas) > 0 {
			t.Errorf("separator %q: cells became formulas: %q", sh.Sep, sh.Formulas)
		}
		for r, row := range sh.Rows {
			for c, v := range row {
				if v == "42" {
					t.Errorf("separator %q: row %d cell %d computed 42", sh.Sep, r+1, c+1)
				}
			}
		}
	}
}
