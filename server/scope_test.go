package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// session is a signed-in browser of the full app: its cookie and CSRF token.
type session struct{ cookie, csrf string }

func (a *fullApp) signIn(t *testing.T, name string) session {
	t.Helper()
	ctx := context.Background()
	u, found, err := a.auth.User(ctx, name)
	if err != nil || !found {
		t.Fatalf("user %s: %v %v", name, found, err)
	}
	secret, s, err := a.auth.CreateSession(ctx, u, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	return session{secret, s.CSRF}
}

func (a *fullApp) doAs(t *testing.T, s session, method, path, contentType string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: s.cookie})
	req.Header.Set(auth.CSRFHeader, s.csrf)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	a.engine.ServeHTTP(rec, req)
	return rec
}

func valuesJSON(commune, per string, v float64) []byte {
	b, _ := json.Marshal(map[string]any{"commune": commune, "period": per, "values": map[string]float64{"cadre_female": v}})
	return b
}

// TestReporterScopeIsEraAware: commune code 06364 is xã Chiến Thắng before
// 1 July 2025 and xã Vũ Lễ from it. The reporter of Chiến Thắng can neither
// submit for Vũ Lễ nor read its reports, by any path, until an
// administrator grants it Vũ Lễ as its successor; an account whose era
// nobody set can act for nothing.
func TestReporterScopeIsEraAware(t *testing.T) {
	app := newFullApp(t)
	ctx := context.Background()
	chienThang := units.Scope{Era: period.EraPre2025, Code: "06364"}
	if _, _, err := app.auth.CreateToken(ctx, auth.RoleReporter, "06364", "", "test"); err == nil {
		t.Error("a reporter token for 06364 without its era was made")
	}
	if _, err := app.auth.CreateUser(ctx, "mo-ho", auth.RoleReporter, "06364", "bacson-demo", "test"); err == nil {
		t.Error("a reporter for 06364 without its era was made")
	}
	secret, _, err := app.auth.AddToken(ctx, auth.NewToken{Role: auth.RoleReporter, Scope: chienThang, Label: "Chiến Thắng", By: "test"})
	if err != nil {
		t.Fatal(err)
	}
	app.tokens["chienthang"] = secret
	if _, err := app.auth.AddUser(ctx, auth.NewUser{Name: "xa06364", Role: auth.RoleReporter, Scope: chienThang, Password: "bacson-demo", By: "test"}); err != nil {
		t.Fatal(err)
	}
	list, err := app.st.Reports(ctx, model.ReportFilter{Era: period.Era2025, Communes: []string{"06364"}, Period: "2025-H2"})
	if err != nil || len(list) == 0 {
		t.Fatalf("no 2025-H2 report of Vũ Lễ: %v", err)
	}
	vuLe := list[0]
	before, _ := app.st.Reports(ctx, model.ReportFilter{Era: period.Era2025, Communes: []string{"06364"}})

	csvTable, csvCT := multipartBody(t, map[string]string{"period": "2025-H2"}, "bang.csv", []byte("commune,cadre_female\n06364,5\n"))
	upload, uploadCT := multipartBody(t, map[string]string{"period": "2025-H2"}, "bao-cao.txt", []byte("Xã Vũ Lễ báo cáo 6 tháng cuối năm 2025: 5 cán bộ nữ."))
	for _, c := range []struct {
		name string
		call call
		want int
	}{
		{"JSON for Vũ Lễ", call{method: "POST", path: "/api/v1/reports", body: valuesJSON("06364", "2025-H2", 5), contentType: "application/json"}, 403},
		{"upload in 2025", call{method: "POST", path: "/api/v1/reports", body: upload, contentType: uploadCT}, 403},
		{"import of a 2025 table", call{method: "POST", path: "/api/v1/imports", body: csvTable, contentType: csvCT}, 403},
		{"review import of a 2025 table", call{method: "POST", path: "/review/import", body: csvTable, contentType: csvCT}, 403},
		{"typed form in 2025", call{method: "POST", path: "/review/form", body: []byte("commune=06364&period=2025-H2&v.cadre_female=5")}, 403},
		{"2025 template", call{method: "GET", path: "/api/v1/templates/2025-H2"}, 403},
		{"Vũ Lễ's report", call{method: "GET", path: "/api/v1/reports/" + vuLe.ID}, 404},
		{"Vũ Lễ's review page", call{method: "GET", path: "/review/" + vuLe.ID}, 404},
		{"Vũ Lễ's withdrawal", call{method: "POST", path: "/api/v1/reports/" + vuLe.ID + "/withdraw"}, 404},
		{"its own commune", call{method: "POST", path: "/api/v1/reports", body: valuesJSON("06364", "2024-H2", 7), contentType: "application/json"}, 201},
		{"its own template", call{method: "GET", path: "/api/v1/templates/2024-H2"}, 200},
	} {
		c.call.role = "chienthang"
		if rec := app.do(t, c.call); rec.Code != c.want {
			t.Errorf("%s: %d %.300s, want %d", c.name, rec.Code, rec.Body, c.want)
		}
	}
	mine := app.do(t, call{method: "GET", path: "/review/mine", role: "chienthang"})
	if mine.Code != 200 || strings.Contains(mine.Body.String(), vuLe.ID) || !strings.Contains(mine.Body.String(), "Chiến Thắng") {
		t.Errorf("/review/mine of Chiến Thắng = %d, lists Vũ Lễ's report or does not name Chiến Thắng", mine.Code)
	}
	if after, _ := app.st.Reports(ctx, model.ReportFilter{Era: period.Era2025, Communes: []string{"06364"}}); len(after) != len(before) {
		t.Errorf("Vũ Lễ has %d versions after the attempts, %d before", len(after), len(before))
	}

	// An administrator grants the successor: now the user may act for Vũ Lễ.
	s := app.signIn(t, "xa06364")
	if rec := app.doAs(t, s, "POST", "/api/v1/reports", "application/json", valuesJSON("06364", "2025-H2", 6)); rec.Code != 403 {
		t.Errorf("before the grant, Vũ Lễ = %d", rec.Code)
	}
	if _, err := app.auth.SetScope(ctx, "xa06364", units.Scope{Era: period.EraPre2025, Code: "06364", Successor: "06364"}, "admin"); err != nil {
		t.Fatal(err)
	}
	if rec := app.doAs(t, s, "POST", "/api/v1/reports", "application/json", valuesJSON("06364", "2025-H2", 6)); rec.Code != 201 {
		t.Errorf("after the grant, Vũ Lễ = %d %.300s", rec.Code, rec.Body)
	}
	if rec := app.doAs(t, s, "GET", "/api/v1/reports/"+vuLe.ID, "", nil); rec.Code != 200 {
		t.Errorf("after the grant, Vũ Lễ's report = %d", rec.Code)
	}
	if _, err := app.auth.SetScope(ctx, "xa06364", units.Scope{Era: period.EraPre2025, Code: "06364", Successor: "06337"}, "admin"); err == nil {
		t.Error("a successor the lineage does not give (06337) was granted")
	}

	// An account from before scopes had an era, for a code used in both
	// eras: it can act for nothing until an administrator says which.
	b, err := app.st.Conn.PrepareBatch(ctx, "INSERT INTO users (name, role, commune, password_hash, disabled, created_at, updated_at, updated_by, rev)")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := b.Append("cu", "reporter", "06364", "x", uint8(0), now, now, "old bdg", uint64(now.UnixNano())); err != nil {
		t.Fatal(err)
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	old := app.signIn(t, "cu")
	for _, per := range []string{"2024-H2", "2025-H2"} {
		if rec := app.doAs(t, old, "POST", "/api/v1/reports", "application/json", valuesJSON("06364", per, 8)); rec.Code != 403 {
			t.Errorf("an account without an era, %s = %d %.200s", per, rec.Code, rec.Body)
		}
	}
}

// TestGrantedSuccessorUploadsOnItsPage: xã Tân Thành (06379) went into xã
// Nhất Hòa (06376) on 1 July 2025. Once an administrator grants its
// reporter the successor, the reporter's own upload page takes a 2025
// report for 06376 (the page does not force the old code on it), and its
// list of what is due names 2025 periods only once it has a 2025 unit.
func TestGrantedSuccessorUploadsOnItsPage(t *testing.T) {
	app := newFullApp(t)
	ctx := context.Background()
	if _, err := app.auth.AddUser(ctx, auth.NewUser{Name: "xa06379", Role: auth.RoleReporter,
		Scope: units.Scope{Era: period.EraPre2025, Code: "06379"}, Password: "bacson-demo", By: "test"}); err != nil {
		t.Fatal(err)
	}
	s := app.signIn(t, "xa06379")
	upload := func() *httptest.ResponseRecorder {
		body, ct := multipartBody(t, map[string]string{"commune": "06376", "period": "2025-H2"}, "bao-cao.txt",
			[]byte("Xã Nhất Hòa báo cáo 6 tháng cuối năm 2025: tổ chức 04 cuộc tuyên truyền với 320 lượt người nghe."))
		return app.doAs(t, s, "POST", "/review/upload", ct, body)
	}
	if rec := upload(); rec.Code != http.StatusForbidden {
		t.Errorf("before the grant, upload for Nhất Hòa = %d, want 403", rec.Code)
	}
	if mine := app.doAs(t, s, "GET", "/review/mine", "", nil); strings.Contains(mine.Body.String(), "6 tháng cuối năm 2025") {
		t.Error("before the grant, /review/mine lists 2025-H2 as due for a commune that ended on 30/6/2025")
	}
	if _, err := app.auth.SetScope(ctx, "xa06379", units.Scope{Era: period.EraPre2025, Code: "06379", Successor: "06376"}, "admin"); err != nil {
		t.Fatal(err)
	}
	rec := upload()
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/review/") {
		t.Fatalf("after the grant, upload for Nhất Hòa = %d %.300s, want 303 to its review page", rec.Code, rec.Body)
	}
	list, err := app.st.Reports(ctx, model.ReportFilter{Era: period.Era2025, Communes: []string{"06376"}, Period: "2025-H2"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range list {
		found = found || r.SubmittedBy == "xa06379"
	}
	if !found {
		t.Errorf("no 2025-H2 version of 06376 by xa06379 among %d", len(list))
	}
}
