package review_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/review"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/web"
	"github.com/gin-gonic/gin"
)

// uploadFile posts a report on /review/upload and returns where it leads.
func uploadFile(t *testing.T, client *http.Client, base, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", filepath.Base(path))
	fw.Write(data)
	mw.Close()
	resp, err := client.Post(base+"/review/upload", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("upload %s = %d %s", path, resp.StatusCode, b)
	}
	return resp.Header.Get("Location")
}

func get(t *testing.T, client *http.Client, url string) string {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d", url, resp.StatusCode)
	}
	return string(b)
}

// newRouter serves the review pages and the assets on a fresh database to
// an officer of area who may do everything, and gives the analytics the
// pages read through.
func newRouter(t *testing.T, area analytics.Area) (*gin.Engine, *analytics.Service) {
	t.Helper()
	st := chtest.New(t)
	now := func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }
	svc := ingest.NewService(st, now, nil)
	an := analytics.New(st.Conn, st, analytics.Options{Area: area, Now: now})
	svc.OnChange(an.Invalidate)
	as, err := assets.New()
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.TestMode)
	r := gin.New()
	site := web.NewSite(web.Options{Assets: as})
	r.Use(site.Errors(store.Unavailable), func(c *gin.Context) {
		web.SetWho(c, web.Who{User: "canbo", Role: "officer", Can: func(string) bool { return true }})
	})
	r.GET(assets.Prefix+"*path", gin.WrapH(as))
	review.Routes(r, review.New(svc, st, an, site, now))
	return r, an
}
