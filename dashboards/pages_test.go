package dashboards_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bdg-district/bdg/apidoc/apitest"
	"github.com/bdg-district/bdg/chtest"
)

func get(t *testing.T, h http.Handler, path string) (int, []byte, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	apitest.Wrap(t, h).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, b, rec.Result().Header
}

// headings finds a page's h1 and h2 elements.
var headings = regexp.MustCompile(`<h[12][^>]*>[^<]*`)

func TestPagesExportsAndAPI(t *testing.T) {
	app := newDemoApp(t)
	poison(t, app.st)
	h := app.handler

	t.Run("pages in both languages", func(t *testing.T) {
		pages := map[string][]string{
			"/":                 {"Tổng quan", "Số liệu chính toàn huyện", "6 tháng đầu năm 2026"},
			"/compare/communes": {"So sánh các xã", "Toàn huyện"},
			"/compare/communes?period=2024-H1&indicator=female_staff_ratio": {"Vạn Thủy", "%"},
			"/compare/periods":              {"So sánh các kỳ", "6 tháng cuối năm 2025"},
			"/trends?era=pre2025":           {"Xu hướng", "Vạn Thủy"},
			"/completeness":                 {"Tình hình nộp báo cáo", "Nộp muộn", "15/07/2024", "ngày)"},
			"/communes/06337":               {"Xã Tân Tri", "Hình thành từ 01/7/2025 từ", "Xã Vạn Thủy", "Cùng mã, thời kỳ khác"},
			"/communes/06337?era=pre2025":   {"Đồng Ý", "Từ 01/7/2025 xã này thuộc", "Xã Tân Tri"},
			"/communes/06331":               {"Vạn Thủy", "/reports/"},
			"/reports":                      {"Báo cáo đã nhận", "000_adc9e7ce3e7bcf10.txt"},
			"/reports?status=superseded":    {"Báo cáo đã nhận"},
			"/compare/periods?periods=2024": {"Năm 2024"},
			"/compare/communes?period=2024&indicator=gender_staff_total": {"Năm 2024"},
		}
		for path, wants := range pages {
			code, body, _ := get(t, h, path)
			if code != 200 {
				t.Errorf("%s = %d", path, code)
				continue
			}
			for _, w := range wants {
				if !bytes.Contains(body, []byte(w)) {
					t.Errorf("%s lacks %q", path, w)
				}
			}
			if !bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")) {
				t.Errorf("%s: page cut short (template error?)", path)
			}
			if m := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).Find(body); m != nil {
				t.Errorf("%s refers outside the server: %s", path, m)
			}
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			viHeads := headings.FindAll(body, -1)
			code, body, _ = get(t, h, path+sep+"lang=en")
			if code != 200 || !bytes.Contains(body, []byte(`lang="en"`)) {
				t.Errorf("%s in English = %d", path, code)
			}
			// The page's own headings change language (not only the layout's).
			enHeads := headings.FindAll(body, -1)
			if len(enHeads) == 0 || bytes.Equal(bytes.Join(viHeads, nil), bytes.Join(enHeads, nil)) {
				t.Errorf("%s: headings %q are the same in English", path, enHeads)
			}
		}
	})

	t.Run("numbers, dates and periods the Vietnamese way", func(t *testing.T) {
		_, body, _ := get(t, h, "/compare/periods?indicator=listeners_reached&periods=2024-H1,2024-H2")
		if !regexp.MustCompile(`\d\.\d{3}`).Match(body) || !bytes.Contains(body, []byte("6 tháng đầu năm 2024")) {
			t.Error("no 1.500-style thousands or period label")
		}
		_, body, _ = get(t, h, "/compare/communes?period=2024-H1&indicator=female_staff_ratio")
		if !regexp.MustCompile(`\d,\d%`).Match(body) {
			t.Error("no 33,3 percent-style percentage")
		}
	})

	t.Run("hostile names stay text", func(t *testing.T) {
		for _, path := range []string{"/compare/communes?period=2024-H2", "/trends?era=pre2025", "/completeness", "/reports"} {
			_, body, _ := get(t, h, path)
			if bytes.Contains(body, []byte(evilHTML)) || !bytes.Contains(body, []byte("&lt;img src=x onerror=alert(1)&gt;")) {
				t.Errorf("%s: the name is not escaped", path)
			}
		}
		_, csvBody, _ := get(t, h, "/compare/communes?period=2024-H2&format=csv")
		if !bytes.Contains(csvBody, []byte(`"'=HYPERLINK(""http://evil.example/"",""x"")"`)) {
			t.Errorf("CSV formula not defused:\n%s", csvBody)
		}
		if bytes.Contains(csvBody, []byte(",=HYPERLINK")) || bytes.Contains(csvBody, []byte(",\"=HYPERLINK")) {
			t.Error("CSV has a live formula")
		}
		_, xb, _ := get(t, h, "/compare/communes?period=2024-H2&format=xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(xb))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(f.GetSheetName(0))
		found := false
		for _, r := range rows {
			for _, c := range r {
				if strings.Contains(c, "HYPERLINK") {
					found = true
					if !strings.HasPrefix(c, "'=") {
						t.Errorf("XLSX cell %q not defused", c)
					}
				}
			}
		}
		if !found {
			t.Error("XLSX lacks the hostile name")
		}
		if fs, _ := f.GetCellFormula(f.GetSheetName(0), "C9"); fs != "" {
			t.Errorf("XLSX has a formula %q", fs)
		}
	})

	t.Run("CSV export in UTF-8 with BOM", func(t *testing.T) {
		code, b, hdr := get(t, h, "/compare/communes?period=2024-H1&indicator=female_staff_ratio&format=csv")
		if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") ||
			!strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
			t.Fatalf("csv = %d %v", code, hdr)
		}
		if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) || !bytes.Contains(b, []byte("Xã Vạn Thủy")) || !bytes.Contains(b, []byte("Toàn huyện")) {
			t.Errorf("csv:\n%s", b)
		}
		for _, p := range []string{"/?format=csv", "/compare/periods?format=csv", "/trends?format=csv", "/completeness?format=csv",
			"/communes/06337?format=csv", "/reports?format=csv"} {
			if code, b, _ := get(t, h, p); code != 200 || !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) || bytes.Count(b, []byte("\n")) < 2 {
				t.Errorf("%s = %d, %d bytes", p, code, len(b))
			}
		}
	})

	t.Run("XLSX export with a native chart opens in LibreOffice", func(t *testing.T) {
		code, b, hdr := get(t, h, "/compare/communes?period=2024-H1&indicator=female_staff_ratio&format=xlsx")
		if code != 200 || !strings.Contains(hdr.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("xlsx = %d", code)
		}
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		hasChart := false
		for _, f := range z.File {
			if strings.HasPrefix(f.Name, "xl/charts/chart") {
				hasChart = true
			}
		}
		if !hasChart {
			t.Error("no chart in the workbook")
		}
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		if v, _ := f.GetCellValue(sheet, "A1"); !strings.Contains(v, "Tỷ lệ nữ") {
			t.Errorf("title = %q", v)
		}
		if v, _ := f.GetCellValue(sheet, "B3"); v != "6 tháng đầu năm 2024" {
			t.Errorf("period = %q", v)
		}
		for _, p := range []string{"/?format=xlsx", "/compare/periods?format=xlsx", "/trends?format=xlsx", "/completeness?format=xlsx",
			"/communes/06337?format=xlsx", "/reports?format=xlsx"} {
			if code, b, _ := get(t, h, p); code != 200 || !bytes.HasPrefix(b, []byte("PK")) {
				t.Errorf("%s = %d", p, code)
			}
		}
		chtest.Long(t, "opens the exports in LibreOffice")
		soffice, err := exec.LookPath("soffice")
		if err != nil {
			t.Fatal("soffice not found: run the tests with `make test`, which installs LibreOffice")
		}
		dir := t.TempDir()
		in := filepath.Join(dir, "compare.xlsx")
		if err := os.WriteFile(in, b, 0o644); err != nil {
			t.Fatal(err)
		}
		profile := "-env:UserInstallation=file://" + filepath.Join(dir, "lo")
		for _, to := range []string{"pdf", "csv:Text - txt - csv (StarCalc):44,34,76"} {
			cmd := exec.Command(soffice, profile, "--headless", "--convert-to", to, "--outdir", dir, in)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("soffice --convert-to %s: %v\n%s", to, err, out)
			}
		}
		pdf, err := os.ReadFile(filepath.Join(dir, "compare.pdf"))
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("no PDF from LibreOffice: %v", err)
		}
		csvOut, err := os.ReadFile(filepath.Join(dir, "compare.csv"))
		if err != nil || !bytes.Contains(csvOut, []byte("Xã Vạn Thủy")) || !bytes.Contains(csvOut, []byte("Toàn huyện")) {
			t.Errorf("LibreOffice CSV lacks the Vietnamese names (%v):\n%s", err, csvOut)
		}
	})

	t.Run("JSON export and API answer the same", func(t *testing.T) {
		_, page, _ := get(t, h, "/compare/communes?period=2024-H2&indicator=female_staff_ratio&format=json")
		code, api, hdr := get(t, h, "/api/v1/compare/communes?period=2024-H2&indicator=female_staff_ratio")
		if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") || !bytes.Equal(page, api) {
			t.Errorf("api = %d; page and api differ", code)
		}
		var v struct {
			Area     float64 `json:"area"`
			Communes []struct {
				Code string `json:"code"`
			} `json:"communes"`
		}
		if err := json.Unmarshal(api, &v); err != nil || v.Area <= 0 || len(v.Communes) != 18 {
			t.Errorf("api body %v %+v", err, v)
		}
		for _, p := range []string{"/api/v1/openapi.json", "/api/v1/indicators", "/api/v1/periods", "/api/v1/communes",
			"/api/v1/overview", "/api/v1/compare/periods?commune=06337", "/api/v1/trends?communes=06337,06325",
			"/api/v1/completeness?periods=2024-H1", "/api/v1/quality?period=2024-H2", "/api/v1/communes/06331",
			"/api/v1/reports?period=2024-H1"} {
			code, b, _ := get(t, h, p)
			if code != 200 || !json.Valid(b) {
				t.Errorf("%s = %d", p, code)
			}
		}
	})

	t.Run("API errors", func(t *testing.T) {
		for path, want := range map[string]struct {
			code  int
			field string
		}{
			"/api/v1/compare/communes?period=2024-H9":   {400, "period"},
			"/api/v1/compare/communes?indicator=nope":   {400, "indicator"},
			"/api/v1/trends?communes=99999":             {400, "commune"},
			"/api/v1/trends?communes=abc":               {400, "commune"},
			"/api/v1/communes/06337?era=1999":           {400, "era"},
			"/api/v1/communes/99999":                    {404, "commune"},
			"/api/v1/reports/nope/text":                 {404, "id"},
			"/api/v1/reports?status=lost":               {400, "status"},
			"/compare/communes?period=2024-H1&format=x": {400, "format"},
		} {
			code, b, _ := get(t, h, path)
			var raw map[string]map[string]string
			_ = json.Unmarshal(b, &raw)
			if strings.HasPrefix(path, "/api/") && (code != want.code || raw["error"]["field"] != want.field ||
				raw["error"]["message_vi"] == "" || raw["error"]["message_en"] == "") {
				t.Errorf("%s = %d %s", path, code, b)
			}
			if !strings.HasPrefix(path, "/api/") && code != want.code {
				t.Errorf("%s = %d", path, code)
			}
		}
		if code, _, _ := get(t, h, "/communes/99999"); code != 404 {
			t.Errorf("unknown commune page = %d", code)
		}
	})
}

// TestPagesWithNoReports: a fresh install shows empty pages, not errors.
func TestPagesWithNoReports(t *testing.T) {
	app := appOn(t, chtest.New(t))
	for _, p := range []string{"/", "/compare/communes", "/compare/periods", "/trends", "/completeness", "/communes/06337",
		"/reports", "/api/v1/trends", "/api/v1/completeness", "/compare/communes?format=xlsx", "/trends?format=csv"} {
		if code, body, _ := get(t, app.handler, p); code != 200 {
			t.Errorf("%s = %d: %.300s", p, code, body)
		}
	}
	// The API's overview of the latest period says there is none yet.
	if code, body, _ := get(t, app.handler, "/api/v1/overview"); code != 404 || !strings.Contains(string(body), "no_published_reports") {
		t.Errorf("/api/v1/overview with nothing published = %d %s", code, body)
	}
}
