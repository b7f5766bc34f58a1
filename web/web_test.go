package web_test

import (
	"embed"
	"encoding/json"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/web"
)

//go:embed testdata/templates/*.html
var testTemplates embed.FS

type okPage struct {
	*web.Page
	Greeting string
}

// router serves a page that renders, one whose template fails half way,
// and handlers that fail in each way the error middleware tells apart.
func router(t *testing.T) http.Handler {
	t.Helper()
	site := web.NewSite(web.Options{})
	sub, err := fs.Sub(testTemplates, "testdata")
	if err != nil {
		t.Fatal(err)
	}
	funcs := template.FuncMap{"fail": func() (string, error) { return "", errors.New("boom") }}
	tp := site.Parse(sub, funcs, nil, "x", "ok")
	gin.SetMode(gin.TestMode)
	r := gin.New()
	unavailable := func(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }
	r.Use(site.Errors(unavailable))
	r.GET("/ok", func(c *gin.Context) { tp.Render(c, 200, "ok", okPage{site.NewPage(c, "", "t"), "xin chào <b>"}) })
	r.GET("/half", func(c *gin.Context) { tp.Render(c, 200, "x", okPage{Page: site.NewPage(c, "", "t")}) })
	r.GET("/user", func(c *gin.Context) {
		web.Abort(c, apperr.TooLarge("too_large", "file", "Tệp quá lớn", "Too large"))
	})
	r.GET("/api/user", func(c *gin.Context) {
		web.Abort(c, apperr.TooLarge("too_large", "file", "Tệp quá lớn", "Too large"))
	})
	r.GET("/api/down", func(c *gin.Context) { web.Abort(c, syscall.ECONNREFUSED) })
	r.GET("/api/bug", func(c *gin.Context) { web.Abort(c, errors.New("nil map")) })
	return r
}

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestRenderIsAllOrNothing(t *testing.T) {
	h := router(t)
	rec := get(h, "/ok")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "xin chào &lt;b&gt;") || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("ok page = %d %q, Cache-Control %q", rec.Code, rec.Body.String(), rec.Header().Get("Cache-Control"))
	}
	// A template that fails half way: a 500 page, none of the half.
	rec = get(h, "/half")
	body := rec.Body.String()
	if rec.Code != http.StatusInternalServerError || strings.Contains(body, "before the failure") || !strings.Contains(body, "Mã yêu cầu") {
		t.Fatalf("failing template = %d %q; want a 500 error page with a request id and nothing of the half page", rec.Code, body)
	}
}

func TestErrorsKeepTheirStatus(t *testing.T) {
	h := router(t)
	rec := get(h, "/user")
	if rec.Code != 413 || !strings.Contains(rec.Body.String(), "Tệp quá lớn") || strings.Contains(rec.Body.String(), "Too large") {
		t.Errorf("user error page = %d %q; want 413 in Vietnamese only", rec.Code, rec.Body.String())
	}
	if rec := get(h, "/user?lang=en"); !strings.Contains(rec.Body.String(), "Too large") || strings.Contains(rec.Body.String(), "Tệp quá lớn") {
		t.Errorf("English error page = %q; want English only", rec.Body.String())
	}
	for path, want := range map[string]int{"/api/user": 413, "/api/down": 503, "/api/bug": 500} {
		var body web.ErrorBody
		rec := get(h, path)
		if rec.Code != want {
			t.Errorf("%s = %d, want %d", path, rec.Code, want)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error == nil || body.Error.Code == "" ||
			body.Error.MessageVI == "" || body.Error.MessageEN == "" {
			t.Errorf("%s body = %s (%v), want the bilingual error shape", path, rec.Body.String(), err)
		}
		if (want == 500) != (body.RequestID != "") {
			t.Errorf("%s request id %q: only a server failure carries one", path, body.RequestID)
		}
	}
}
