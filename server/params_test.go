package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/server"
)

// TestListParametersAndURLBounded is the long URL: a list parameter
// repeated 150,000 times is refused at once by its length (414), for anyone,
// before any work; repeated values count once; a list longer than what it
// can name (the area's communes, 40 periods, the catalogue's indicators) is
// a clear 400.
func TestListParametersAndURLBounded(t *testing.T) {
	app := newFullAppOn(t, chtest.New(t), false)
	base := "/trends?era=pre2025&periods=2024-H1&indicator=listeners_reached&communes="
	long := base + strings.Repeat("06331,", 150_000)
	for _, c := range []call{{path: long}, {path: long, role: "viewer"}, {path: "/api/v1" + long, role: "viewer"}} {
		start := time.Now()
		c.method = "GET"
		rec := app.do(t, c)
		if took := time.Since(start); rec.Code != http.StatusRequestURITooLong || rec.Body.Len() > 10_000 || took > 2*time.Second {
			t.Errorf("150,000 repeats as %q: %d, %d bytes in %v; want a small 414 at once", c.role, rec.Code, rec.Body.Len(), took)
			continue
		}
		if strings.HasPrefix(c.path, "/api/") && !strings.Contains(rec.Body.String(), `"message_en"`) {
			t.Errorf("414 on the API = %.300s, want the bilingual JSON error", rec.Body)
		}
	}
	// Over a real connection, a request line past the server's header limit.
	srv := httptest.NewUnstartedServer(app.h)
	srv.Config.MaxHeaderBytes = server.MaxHeaderBytes
	srv.Start()
	defer srv.Close()
	res, err := http.Get(srv.URL + long)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestURITooLong && res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("150,000 repeats over HTTP = %d, want 414 or 431", res.StatusCode)
	}

	series := func(path string) (int, int, string) {
		t.Helper()
		rec := app.do(t, call{method: "GET", path: path + "&format=json", role: "viewer"})
		var tr struct {
			Communes []struct{ Code string } `json:"communes"`
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &tr)
		return rec.Code, len(tr.Communes), rec.Body.String()
	}
	if code, n, body := series(base + strings.Repeat("06331,", 500) + "&communes=06331"); code != 200 || n != 1 {
		t.Errorf("one commune 501 times = %d with %d series, want 200 with one: %.300s", code, n, body)
	}
	if code, n, body := series(base + "06331,06337&communes=06331,06337,06331"); code != 200 || n != 2 {
		t.Errorf("two communes repeated = %d with %d series, want 2: %.300s", code, n, body)
	}
	// The demo district has 18 communes: 19 distinct codes cannot all be its own.
	var codes []string
	for i := range 19 {
		codes = append(codes, fmt.Sprintf("%05d", 6331+i))
	}
	if code, _, body := series(base + strings.Join(codes, ",")); code != 400 || !strings.Contains(body, `"field":"communes"`) || !strings.Contains(body, "18") {
		t.Errorf("19 communes = %d %.300s, want 400 naming communes and the area's 18", code, body)
	}
	// Periods: repeats count once; 41 distinct ones are too many.
	if code, _, body := series("/trends?era=pre2025&communes=06331&periods=" + strings.Repeat("2024-H1,", 300)); code != 200 {
		t.Errorf("one period 300 times = %d %.300s", code, body)
	}
	var periods []string
	for y := 2000; len(periods) < 41; y++ {
		periods = append(periods, fmt.Sprintf("%d-H1", y), fmt.Sprintf("%d-H2", y))
	}
	if code, _, body := series("/trends?era=pre2025&communes=06331&periods=" + strings.Join(periods[:41], ",")); code != 400 || !strings.Contains(body, `"field":"periods"`) {
		t.Errorf("41 periods = %d %.300s, want 400 naming periods", code, body)
	}
	// Indicators of the quality check: repeats count once, unknown ones are named.
	rec := app.do(t, call{method: "GET", path: "/api/v1/quality?period=2024-H1&indicators=" + strings.Repeat("listeners_reached,", 400), role: "viewer"})
	if rec.Code != 200 {
		t.Errorf("one indicator 400 times = %d %.300s", rec.Code, rec.Body)
	}
	var many []string
	for i := range 1001 {
		many = append(many, fmt.Sprintf("x%d", i))
	}
	rec = app.do(t, call{method: "GET", path: "/api/v1/quality?period=2024-H1&indicators=" + strings.Join(many, ","), role: "viewer"})
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"field":"indicators"`) {
		t.Errorf("1,001 indicators = %d %.300s, want 400 naming indicators", rec.Code, rec.Body)
	}
}
