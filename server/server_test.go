package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/server/servertest"
)

func get(t *testing.T, h http.Handler, path string) (int, string, http.Header) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b), rec.Result().Header
}

func TestFirstPageOnDemo(t *testing.T) {
	ctx := context.Background()
	a := servertest.New(t, servertest.Options{Demo: true, Open: true})
	st, h := a.Store, a.Handler
	v, err := st.SchemaVersion(ctx)
	if err != nil || v != 16 {
		t.Fatalf("schema version %d, %v; want 16", v, err)
	}
	code, body, _ := get(t, h, "/healthz") // anonymous: the status only (details: TestHealthzStatusOnlyForAnonymous)
	if code != 200 || strings.TrimSpace(body) != `{"status":"ok"}` {
		t.Fatalf("/healthz = %d %s", code, body)
	}
	code, body, _ = get(t, h, "/")
	if code != 200 {
		t.Fatalf("/ = %d", code)
	}
	for _, want := range []string{`class="bdg-chart"`, "6 tháng đầu năm 2026", "Huyện Bắc Sơn", "Tân Tri", "data-option=", `lang="vi"`} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	// No page may load anything from outside the server.
	if m := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).FindString(body); m != "" {
		t.Errorf("overview refers outside the server: %s", m)
	}
	echartsURL := regexp.MustCompile(`src="(/static/[0-9a-f]+/echarts-bdg\.min\.js)"`).FindStringSubmatch(body)
	if echartsURL == nil {
		t.Fatal("overview does not load ECharts from /static/")
	}
	code, js, hdr := get(t, h, echartsURL[1])
	if code != 200 || len(js) < 500_000 || !strings.Contains(hdr.Get("Cache-Control"), "immutable") {
		t.Errorf("echarts = %d, %d bytes, cache %q", code, len(js), hdr.Get("Cache-Control"))
	}
	// English switch.
	code, body, _ = get(t, h, "/?lang=en")
	if code != 200 || !strings.Contains(body, "First half of 2026") || !strings.Contains(body, `lang="en"`) {
		t.Errorf("english overview = %d", code)
	}
	// A bad filter is a 400 page, not a 500.
	if code, _, _ = get(t, h, "/compare/communes?period=2024-H9"); code != 400 {
		t.Errorf("bad period = %d, want 400", code)
	}
	if code, body, _ = get(t, h, "/compare/communes?period=2024-H1&indicator=female_staff_ratio"); code != 200 || !strings.Contains(body, "Vạn Thủy") {
		t.Errorf("compare page = %d", code)
	}
}
