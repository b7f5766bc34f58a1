package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/demo"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/server"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/web"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }

func newApp(t *testing.T, st *store.Store) http.Handler {
	t.Helper()
	as, err := assets.New()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	an := analytics.New(st.Conn, st, analytics.Options{Area: analytics.Area{Level: "district", Code: demo.District}, Now: fixedNow})
	site := web.NewSite(web.Options{Assets: as, Area: an.AreaName, Logger: log})
	return server.New(server.Deps{Health: st, Assets: as, Site: site, Dashboards: dashboards.New(an, site, log), Logger: log, WithoutAccessControl: true})
}

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
	st := chtest.New(t)
	svc := ingest.NewService(st, fixedNow, nil)
	if _, err := demo.Load(ctx, svc, svc); err != nil {
		t.Fatal(err)
	}
	h := newApp(t, st)
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
