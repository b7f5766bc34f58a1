package dashboards_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// TestCachedComparisonFollowsPublishing: the cached JSON of the commune
// comparison is the same plain or gzipped, an unchanged answer is a 304 to
// a client that has it, and a publish replaces it.
func TestCachedComparisonFollowsPublishing(t *testing.T) {
	app := newDemoApp(t)
	const path = "/api/v1/compare/communes?period=2024-H1&indicator=listeners_reached"
	var etag string
	revalidate := func() int {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("If-None-Match", etag)
		rec := httptest.NewRecorder()
		app.handler.ServeHTTP(rec, req)
		if rec.Code == http.StatusNotModified && rec.Body.Len() != 0 {
			t.Errorf("304 with a body of %d bytes", rec.Body.Len())
		}
		return rec.Code
	}
	get := func(gz bool) string {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		rec := httptest.NewRecorder()
		app.handler.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("%s = %d", path, rec.Code)
		}
		etag = rec.Header().Get("ETag")
		var r io.Reader = rec.Body
		if rec.Header().Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		} else if gz {
			t.Error("gzip asked for but not given")
		}
		b, _ := io.ReadAll(r)
		return string(b)
	}
	first, again, zipped := get(false), get(false), get(true)
	if first != again || first != zipped || !strings.Contains(first, `"value":1500`) {
		t.Fatalf("cached answers differ or lack the seed's 1500")
	}
	if etag == "" {
		t.Fatal("no ETag on the cached comparison")
	}
	if code := revalidate(); code != http.StatusNotModified {
		t.Errorf("revalidating an unchanged answer = %d, want 304", code)
	}
	if _, err := app.svc.Submit(context.Background(), ingest.Submission{Commune: "06331", Period: period.MustParse("2024-H1"),
		SourceKind: "json", By: "t", Publish: true,
		Values: []model.Value{{Indicator: "listeners_reached", Value: 1777, Method: model.MethodTyped}}}); err != nil {
		t.Fatal(err)
	}
	old := etag
	if code := revalidate(); code != http.StatusOK {
		t.Errorf("revalidating after a publish = %d, want 200", code)
	}
	if after := get(true); !strings.Contains(after, `"value":1777`) || etag == old {
		t.Error("the cached comparison (or its ETag) did not follow the publish")
	}
}
