package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// answer is the part of an ingest API answer these tests read.
type answer struct {
	ID       string
	Version  uint32
	Status   string
	Failures []struct {
		Rule, Severity, Field string
	}
	Error struct {
		Code, Field, Rule string
	}
	Waiting []struct {
		Report struct{ ID string }
		Errors int
	}
}

func decode(t *testing.T, b []byte) answer {
	t.Helper()
	var a answer
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("answer %s: %v", b, err)
	}
	return a
}

// TestPublishingIsADecision is issue 12's "must show" through the API: an
// impossible report is taken as a draft with the rule's failure, a plain
// publish is refused naming the rule, an override without a reason too, an
// override with one publishes and the audit log holds the reason; the
// version it replaced cannot come back by a plain publish, only by a
// restore, which is audited.
func TestPublishingIsADecision(t *testing.T) {
	app := newFullApp(t)
	ctx := context.Background()
	p := period.MustParse("2024-H1")
	before, err := app.st.Reports(ctx, model.ReportFilter{Era: p.Era(), Communes: []string{"06331"}, Period: p.String(), Status: model.StatusPublished})
	if err != nil || len(before) != 1 {
		t.Fatalf("published seed: %v %d", err, len(before))
	}
	post := func(role, path, body string) (int, answer) {
		t.Helper()
		rec := app.do(t, call{method: "POST", path: path, role: role, body: []byte(body), contentType: "application/json"})
		return rec.Code, decode(t, rec.Body.Bytes())
	}
	code, draft := post("reporter", "/api/v1/reports", `{"commune":"06331","period":"2024-H1","values":{"gender_staff_total": 2, "gender_staff_female": 5}}`)
	if code != http.StatusCreated || draft.Status != model.StatusDraft || len(draft.Failures) != 1 ||
		draft.Failures[0].Rule != "part_of_whole:gender_staff_female" || draft.Failures[0].Severity != "error" {
		t.Fatalf("impossible report = %d %+v; want a draft with the part-of-whole failure", code, draft)
	}
	// The reporter may not publish at all.
	if code, _ := post("reporter", "/api/v1/reports/"+draft.ID+"/publish", `{}`); code != http.StatusForbidden {
		t.Errorf("reporter publish = %d, want 403", code)
	}
	// A decision sent as a form is refused, not read as a plain publish.
	if rec := app.do(t, call{method: "POST", path: "/api/v1/reports/" + draft.ID + "/publish", role: "officer",
		body: []byte("override=true&reason=x"), contentType: "application/x-www-form-urlencoded"}); rec.Code != http.StatusUnsupportedMediaType {
		t.Errorf("publish with a form body = %d %s, want 415", rec.Code, rec.Body)
	}
	code, refused := post("officer", "/api/v1/reports/"+draft.ID+"/publish", `{}`)
	if code != http.StatusUnprocessableEntity || refused.Error.Code != "rule_failed" ||
		refused.Error.Rule != "part_of_whole:gender_staff_female" || refused.Error.Field != "values.gender_staff_female" {
		t.Fatalf("plain publish = %d %+v; want 422 naming the rule and the field", code, refused)
	}
	if code, a := post("officer", "/api/v1/reports/"+draft.ID+"/publish", `{"override": true}`); code != http.StatusUnprocessableEntity || a.Error.Code != "override_reason_missing" {
		t.Errorf("override without a reason = %d %+v", code, a)
	}
	const reason = "Xã xác nhận: 5 nữ kiêm nhiệm, tổng ghi nhầm"
	if code, a := post("officer", "/api/v1/reports/"+draft.ID+"/publish", `{"override": true, "reason": "`+reason+`"}`); code != http.StatusOK || a.Status != model.StatusPublished {
		t.Fatalf("override with a reason = %d %+v", code, a)
	}
	entries, err := app.auth.Audit(ctx, auth.AuditFilter{Action: "report.publish"})
	if err != nil || len(entries) == 0 || entries[0].Target != draft.ID || entries[0].Status != http.StatusOK ||
		!strings.Contains(entries[0].Detail, reason) || !strings.Contains(entries[0].Detail, "part_of_whole:gender_staff_female") {
		t.Fatalf("audit of the override = %+v (%v); want the reason and the rule", entries, err)
	}
	if !strings.Contains(entries[0].Before, before[0].ID) || !strings.Contains(entries[0].After, draft.ID) {
		t.Errorf("audit before/after = %s / %s; want the version replaced and the one published", entries[0].Before, entries[0].After)
	}
	// The version it replaced is superseded: a plain publish cannot bring it back.
	old := before[0].ID
	if code, a := post("officer", "/api/v1/reports/"+old+"/publish", `{}`); code != http.StatusConflict || a.Error.Code != "version_superseded" {
		t.Errorf("publishing the superseded version = %d %+v; want 409", code, a)
	}
	if code, a := post("officer", "/api/v1/reports/"+old+"/restore", `{}`); code != http.StatusUnprocessableEntity || a.Error.Code != "restore_reason_missing" {
		t.Errorf("restore without a reason = %d %+v", code, a)
	}
	code, restored := post("officer", "/api/v1/reports/"+old+"/restore", `{"reason": "bản sửa sai, lấy lại bản gốc"}`)
	if code != http.StatusCreated || restored.Status != model.StatusDraft || restored.Version <= draft.Version {
		t.Fatalf("restore = %d %+v; want a new draft version", code, restored)
	}
	if entries, _ := app.auth.Audit(ctx, auth.AuditFilter{Action: "report.restore"}); len(entries) == 0 || !strings.Contains(entries[0].Detail, "lấy lại bản gốc") {
		t.Errorf("restore not audited with its reason: %+v", entries)
	}
	// The restored draft waits in the inbox; its JSON twin says so.
	rec := app.do(t, call{method: "GET", path: "/api/v1/review?commune=06331", role: "officer"})
	inbox := decode(t, rec.Body.Bytes())
	if rec.Code != 200 || len(inbox.Waiting) != 1 || inbox.Waiting[0].Report.ID != restored.ID {
		t.Errorf("inbox = %d %s; want the restored draft", rec.Code, rec.Body)
	}
	if rec := app.do(t, call{method: "GET", path: "/api/v1/review", role: "reporter"}); rec.Code != http.StatusForbidden {
		t.Errorf("reporter on the inbox = %d", rec.Code)
	}
}
