package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/apidoc/apitest"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/web"
)

// TestReportCommand is the issue's "must show": `bdg report --period
// 2024-H1 --out r.docx` on the demo data writes a document that LibreOffice
// converts to PDF, whose text names every commune of huyện Bắc Sơn and
// states the listeners total as /api/v1/compare/communes does.
func TestReportCommand(t *testing.T) {
	chtest.Long(t, "runs bdg demo and bdg report, then LibreOffice")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cfg := chtest.Config(t)
	st := chtest.Open(t, cfg) // creates the database and drops it at the end
	db := []string{"--clickhouse", strings.Join(cfg.Addr, ","), "--clickhouse-password", cfg.Password, "--clickhouse-database", cfg.Database, "--log-level", "warn"}
	var stdout, stderr bytes.Buffer
	if code := run(ctx, append([]string{"demo"}, db...), &stdout, &stderr); code != 0 {
		t.Fatalf("bdg demo = %d: %s", code, stderr.String())
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "r.docx")
	if code := run(ctx, append([]string{"report", "--period", "2024-H1", "--out", out}, db...), &stdout, &stderr); code != 0 {
		t.Fatalf("bdg report = %d: %s", code, stderr.String())
	}
	if code := run(ctx, append([]string{"report", "--period", "2024-H9", "--out", out}, db...), &stdout, &stderr); code != 2 {
		t.Errorf("a bad period = %d, want 2", code)
	}
	if code := run(ctx, append([]string{"report", "--period", "2031-H1", "--out", filepath.Join(dir, "none.docx")}, db...), &stdout, &stderr); code != 1 {
		t.Errorf("a period with nothing published = %d, want 1", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.docx")); err == nil {
		t.Error("a failed report left a file behind")
	}

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice not found: run the tests with `make test`, which installs LibreOffice Writer")
	}
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "lo")
	for _, to := range []string{"pdf", "txt:Text"} {
		if b, err := exec.CommandContext(ctx, soffice, profile, "--headless", "--convert-to", to, "--outdir", dir, out).CombinedOutput(); err != nil {
			t.Fatalf("soffice --convert-to %s: %v\n%s", to, err, b)
		}
	}
	if pdf, err := os.ReadFile(filepath.Join(dir, "r.pdf")); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("LibreOffice made no PDF: %v", err)
	}
	text, err := os.ReadFile(filepath.Join(dir, "r.txt"))
	if err != nil {
		t.Fatal(err)
	}

	// The API's answer for the same filters, on the same database.
	an := analytics.New(st.Conn, st, analytics.Options{Area: analytics.Area{Level: "district", Code: "185"}})
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	dashboards.APIRoutes(r.Group("/api/v1"), dashboards.New(an, web.NewSite(web.Options{}), slog.New(slog.DiscardHandler)))
	rec := httptest.NewRecorder()
	apitest.Wrap(t, r).ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/compare/communes?period=2024-H1&indicator=listeners_reached", nil))
	var api struct {
		Area     float64 `json:"area"`
		Communes []struct{ Name, Type string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &api); err != nil || len(api.Communes) != 18 {
		t.Fatalf("API answer %d %s: %v", rec.Code, rec.Body, err)
	}
	total := i18n.FormatNumber(api.Area, "vi")
	if !strings.Contains(string(text), "với "+total+" lượt người nghe") {
		t.Errorf("the report's text does not state the API's total of listeners, %s", total)
	}
	for _, c := range api.Communes {
		if !strings.Contains(string(text), c.Name) {
			t.Errorf("the report's text does not name %s %s", c.Type, c.Name)
		}
	}
}
