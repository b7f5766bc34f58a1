package review_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/period"
)

func TestUploadCorrectPublish(t *testing.T) {
	ctx := context.Background()
	r, an := newRouter(t, analytics.Area{Level: "district", Code: "185"})

	seed, err := os.ReadFile("../demo/seed_van_thuy_2024H1.txt")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "van-thuy.txt")
	fw.Write(seed)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/review/upload", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("upload = %d %s", rec.Code, rec.Body.String())
	}
	loc := rec.Header().Get("Location")
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		b, _ := io.ReadAll(rec.Body)
		return rec.Code, string(b)
	}
	post := func(path string, form url.Values) (int, string) {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, req)
		return rec.Code, rec.Header().Get("Location")
	}
	code, page := get(loc)
	if code != 200 {
		t.Fatalf("review page = %d", code)
	}
	for _, want := range []string{"Xã Vạn Thủy", "6 tháng đầu năm 2024", `id="ev-listeners_reached"`, "<mark", `value="1500"`, "Bản nháp"} {
		if !strings.Contains(page, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	// The highlighted text around listeners holds the evidence sentence.
	if !regexp.MustCompile(`<mark id="ev-[a-z_]+">(<span id="ev-[a-z_]+"></span>)*[^<]*1.500 lượt người nghe`).MatchString(page) ||
		!regexp.MustCompile(`<mark id="ev-[a-z_]+">(<span id="ev-[a-z_]+"></span>)*<span id="ev-listeners_reached">|<mark id="ev-listeners_reached">`).MatchString(page) {
		t.Error("evidence of listeners_reached is not highlighted")
	}
	form := url.Values{"note": {"gõ nhầm / typo"}}
	for _, c := range []string{"comm_sessions", "listeners_reached", "gbv_incidents", "gender_staff_total", "gender_staff_female",
		"plans_issued", "decisions_issued", "contest_teams", "contest_participants"} {
		m := regexp.MustCompile(`name="v\.` + c + `" value="([^"]*)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no input for %s", c)
		}
		form.Set("v."+c, m[1])
	}
	form.Set("v.listeners_reached", "1.550") // Vietnamese style
	code, loc2 := post(loc+"/correct", form)
	if code != http.StatusSeeOther || loc2 == loc {
		t.Fatalf("correct = %d → %s", code, loc2)
	}
	code, page2 := get(loc2)
	if code != 200 || !strings.Contains(page2, `value="1550"`) || !strings.Contains(page2, "đã sửa") || !strings.Contains(page2, "Phiên bản 2") {
		t.Fatalf("corrected page = %d", code)
	}
	version2, _, _ := strings.Cut(loc2, "?") // the page says what was done in its query
	if code, _ := post(version2+"/publish", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("publish = %d", code)
	}
	cmp, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: period.MustParse("2024-H1"), Indicator: "listeners_reached"})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range cmp.Rows {
		if row.Code == "06331" && (row.Value == nil || *row.Value != 1550) {
			t.Errorf("chart value for Vạn Thủy = %v, want the published correction 1550", row.Value)
		}
	}
	// Typing a commune's figures through the form makes a draft.
	code, loc3 := post("/review/form", url.Values{"commune": {"06337"}, "period": {"2024-H1"}, "v.listeners_reached": {"2.000"}, "v.gbv_incidents": {"0"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc3, "/review/") {
		t.Fatalf("form = %d %s", code, loc3)
	}
	_, page3 := get(loc3)
	if !strings.Contains(page3, `value="2000"`) || !strings.Contains(page3, "nhập tay") {
		t.Error("typed values not shown")
	}
	// Bad input is shown on the page, not a 500.
	if code, _ := post("/review/form", url.Values{"commune": {"06337"}, "period": {"2024-H1"}, "v.listeners_reached": {"-3"}}); code != 422 {
		t.Errorf("negative typed value = %d, want 422", code)
	}
}
