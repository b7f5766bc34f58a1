package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// TestOnlyStaffPublishOnImport: a commune reporter importing its own table
// with publish=true is refused (403) and nothing is written or superseded;
// the refusal is in the audit log. Its import page ignores publish (drafts
// only). An officer's import with publish=true publishes, and the audit
// entry says how many.
func TestOnlyStaffPublishOnImport(t *testing.T) {
	app := newFullApp(t)
	ctx := context.Background()
	versions := func() []model.Report {
		t.Helper()
		list, err := app.st.Reports(ctx, model.ReportFilter{Era: period.EraPre2025, Communes: []string{"06331"}, Period: "2023-H1"})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	published := func(list []model.Report) string {
		for _, r := range list {
			if r.Status == model.StatusPublished {
				return r.ID
			}
		}
		return ""
	}
	before := versions()
	pub := published(before)
	if pub == "" {
		t.Fatal("the demo has no published 2023-H1 report of Vạn Thủy")
	}
	table, ct := multipartBody(t, map[string]string{"period": "2023-H1", "publish": "true"}, "bang.csv", []byte("commune,cadre_female\n06331,77\n"))
	rec := app.do(t, call{method: "POST", path: "/api/v1/imports", body: table, contentType: ct, role: "reporter"})
	if rec.Code != 403 || !strings.Contains(rec.Body.String(), "forbidden_publish") {
		t.Fatalf("reporter import with publish = %d %s, want 403 forbidden_publish", rec.Code, rec.Body)
	}
	after := versions()
	if len(after) != len(before) || published(after) != pub {
		t.Errorf("after the refused import: %d versions (was %d), published %s (was %s)", len(after), len(before), published(after), pub)
	}
	entries, err := app.auth.Audit(ctx, auth.AuditFilter{Action: "report.import"})
	if err != nil || len(entries) == 0 || entries[0].Status != 403 || entries[0].Role != "reporter" || entries[0].Path != "/api/v1/imports" {
		t.Errorf("audit of the refused import = %+v, %v", entries, err)
	}

	// The reporter's own import page: publish is not an option there.
	rec = app.do(t, call{method: "POST", path: "/review/import", body: table, contentType: ct, role: "reporter"})
	if rec.Code != 201 {
		t.Fatalf("reporter's import page = %d %.300s", rec.Code, rec.Body)
	}
	after = versions()
	if len(after) != len(before)+1 || published(after) != pub {
		t.Errorf("after the page import: %d versions (was %d), published %s (was %s); want one more draft", len(after), len(before), published(after), pub)
	}

	// An officer may.
	table, ct = multipartBody(t, map[string]string{"period": "2023-H1", "publish": "true"}, "bang.csv", []byte("commune,cadre_female\n06331,78\n"))
	rec = app.do(t, call{method: "POST", path: "/api/v1/imports", body: table, contentType: ct, role: "officer"})
	if rec.Code != 201 {
		t.Fatalf("officer import with publish = %d %.300s", rec.Code, rec.Body)
	}
	if now := published(versions()); now == pub || now == "" {
		t.Errorf("officer import did not publish: still %s", now)
	}
	entries, _ = app.auth.Audit(ctx, auth.AuditFilter{Action: "report.import"})
	if len(entries) == 0 || entries[0].Status != 201 || entries[0].Role != "officer" || !strings.Contains(entries[0].Detail, `"published":1`) {
		t.Errorf("audit of the officer's publishing import = %+v", entries[0])
	}
}
