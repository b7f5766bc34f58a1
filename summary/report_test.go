package summary_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/apidoc/apitest"
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/server/servertest"
	"github.com/bdg-district/bdg/summary"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// app is bdg on the demo district, wired as `bdg serve` wires it, with the
// JSON API beside the report so the two can be compared.
type app struct {
	h  http.Handler
	an *analytics.Service
}

func newApp(t *testing.T) *app {
	t.Helper()
	a := servertest.New(t, servertest.Options{Demo: true, Open: true})
	return &app{h: a.Handler, an: a.Analytics}
}

func (a *app) get(t *testing.T, path string) (int, []byte, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	apitest.Wrap(t, a.h).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, b, rec.Result().Header
}

// apiCompare is /api/v1/compare/communes as a client reads it.
type apiCompare struct {
	Indicator struct {
		Code         string `json:"code"`
		NameVI       string `json:"name_vi"`
		Unit         string `json:"unit"`
		OverCommunes string `json:"over_communes"`
	} `json:"indicator"`
	Area     *float64 `json:"area"`
	AreaPrev *float64 `json:"area_prev"`
	AreaYear *float64 `json:"area_last_year"`
	Communes []struct {
		Code  string   `json:"code"`
		Name  string   `json:"name"`
		Type  string   `json:"type"`
		Value *float64 `json:"value"`
	} `json:"communes"`
}

func (a *app) compare(t *testing.T, per, code string) apiCompare {
	t.Helper()
	status, b, _ := a.get(t, "/api/v1/compare/communes?period="+per+"&indicator="+code)
	var c apiCompare
	if status != 200 || json.Unmarshal(b, &c) != nil {
		t.Fatalf("api %s %s = %d %s", per, code, status, b)
	}
	return c
}

func (a *app) docx(t *testing.T, query string) ([]byte, *wordDoc) {
	t.Helper()
	status, b, hdr := a.get(t, "/summary?format=docx&"+query)
	if status != 200 || hdr.Get("Content-Type") != summary.ContentType || !strings.Contains(hdr.Get("Content-Disposition"), ".docx") {
		t.Fatalf("/summary?%s = %d %s %s", query, status, hdr, b)
	}
	d, err := readDocx(b)
	if err != nil {
		t.Fatalf("docx: %v", err)
	}
	return b, d
}

func fullName(typ, name string) string {
	r := []rune(typ)
	return strings.ToUpper(string(r[0])) + string(r[1:]) + " " + name
}

func cellOf(v *float64, lang string) string {
	if v == nil {
		return "–"
	}
	return i18n.FormatNumber(*v, lang)
}

// TestReport loads the demo district once and checks the report against
// the JSON API, in LibreOffice, against its golden text, and the page.
func TestReport(t *testing.T) {
	a := newApp(t)
	t.Run("FiguresAreTheAPIs", func(t *testing.T) { testFiguresAreTheAPIs(t, a) })
	t.Run("OpensInLibreOffice", func(t *testing.T) { testOpensInLibreOffice(t, a) })
	t.Run("Golden", func(t *testing.T) { testGolden(t, a) })
	t.Run("English", func(t *testing.T) { testEnglish(t, a) })
	t.Run("ReformAndPartYear", func(t *testing.T) { testReformAndPartYear(t, a) })
	t.Run("Page", func(t *testing.T) { testPage(t, a) })
}

// testFiguresAreTheAPIs: every table cell of the appendix and of the
// commune tables is the API's value for that commune, every total is the
// API's area figure, each table has one row per commune, the sentences
// state the API's figures and changes, and every chart is a PNG.
func testFiguresAreTheAPIs(t *testing.T, a *app) {
	const per = "2024-H1"
	_, d := a.docx(t, "period="+per)
	cat, err := a.an.Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	inds := cat.All()
	apis := map[string]apiCompare{}
	for _, ind := range inds {
		apis[ind.Code] = a.compare(t, per, ind.Code)
	}
	communes := apis[inds[0].Code].Communes
	if len(communes) != 18 {
		t.Fatalf("API lists %d communes", len(communes))
	}
	rowOf := func(tb block, name string) []string {
		for _, r := range tb.Rows {
			if len(r) > 1 && r[1] == name {
				return r
			}
		}
		return nil
	}
	app := d.tables("appendix")
	if len(app) != 1 {
		t.Fatalf("%d appendix tables", len(app))
	}
	tb := app[0]
	if len(tb.Rows) != len(communes)+2 { // header, one per commune, total
		t.Errorf("appendix has %d rows for %d communes", len(tb.Rows), len(communes))
	}
	for i, ind := range inds {
		api := apis[ind.Code]
		for _, c := range api.Communes {
			row := rowOf(tb, fullName(c.Type, c.Name))
			if row == nil {
				t.Fatalf("appendix has no row for %s", c.Name)
			}
			if got, want := row[2+i], cellOf(c.Value, "vi"); got != want {
				t.Errorf("appendix %s %s = %q, API %q", c.Name, ind.Code, got, want)
			}
		}
		total := tb.Rows[len(tb.Rows)-1]
		if got, want := total[1+i], cellOf(api.Area, "vi"); got != want { // the total's label spans two columns
			t.Errorf("appendix total %s = %q, API %q", ind.Code, got, want)
		}
	}
	groupTables := d.tables("communes")
	if len(groupTables) != 6 {
		t.Fatalf("%d commune tables, want one per group (6)", len(groupTables))
	}
	seen := 0
	for _, tb := range groupTables {
		if len(tb.Rows) != len(communes)+2 {
			t.Errorf("commune table %q has %d rows for %d communes", tb.Rows[0], len(tb.Rows), len(communes))
		}
		for col, head := range tb.Rows[0][2:] {
			for _, ind := range inds {
				if head != ind.NameVI+" ("+ind.Unit+")" {
					continue
				}
				seen++
				for _, c := range apis[ind.Code].Communes {
					if got, want := rowOf(tb, fullName(c.Type, c.Name))[2+col], cellOf(c.Value, "vi"); got != want {
						t.Errorf("table %s %s = %q, API %q", ind.Code, c.Name, got, want)
					}
				}
			}
		}
	}
	if seen != len(inds) {
		t.Errorf("the commune tables show %d indicators of %d", seen, len(inds))
	}
	// The sentences, rebuilt here from the API's numbers.
	text := d.text()
	s, l := apis["comm_sessions"], apis["listeners_reached"]
	pct := func(now, before *float64) string {
		return i18n.FormatPercent(math.Abs(100*(*now-*before) / *before), "vi")
	}
	dir := func(now, before *float64) string {
		if *now > *before {
			return "tăng"
		}
		return "giảm"
	}
	want := fmt.Sprintf("Toàn huyện tổ chức %s cuộc tuyên truyền với %s lượt người nghe, %s %s so với kỳ trước và %s %s so với cùng kỳ năm trước.",
		i18n.FormatNumber(*s.Area, "vi"), i18n.FormatNumber(*l.Area, "vi"), dir(l.Area, l.AreaPrev), pct(l.Area, l.AreaPrev),
		dir(l.Area, l.AreaYear), pct(l.Area, l.AreaYear))
	if !strings.Contains(text, want) {
		t.Errorf("the document lacks %q", want)
	}
	r := apis["female_cadre_ratio"]
	points := i18n.FormatNumber(math.Abs(*r.Area-*r.AreaPrev), "vi")
	want = fmt.Sprintf("Tỷ lệ nữ trong tổng số %s cán bộ, công chức xã là %s, %s %s điểm phần trăm so với kỳ trước",
		i18n.FormatNumber(*apis["cadre_total"].Area, "vi"), i18n.FormatPercent(*r.Area, "vi"), dir(r.Area, r.AreaPrev), points)
	if !strings.Contains(text, want) {
		t.Errorf("the document lacks %q", want)
	}
	for _, w := range []string{"UBND HUYỆN BẮC SƠN", "PHÒNG VĂN HÓA - XÃ HỘI", "Số: …/BC-VHXH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc", "Bắc Sơn, ngày … tháng … năm …", "I. TÌNH HÌNH BÁO CÁO CỦA CÁC XÃ", "II. KẾT QUẢ THỰC HIỆN",
		"III. GHI CHÚ VỀ SỐ LIỆU", "PHỤ LỤC", "TRƯỞNG PHÒNG", "Nơi nhận:",
		"1 xã gửi muộn (xã Vũ Lễ)", // the demo's late report
	} {
		if !strings.Contains(text, w) {
			t.Errorf("the document lacks %q", w)
		}
	}
	// The charts: one PNG per group, each referenced from the body.
	pngs := 0
	for name, b := range d.parts {
		if strings.HasPrefix(name, "word/media/") {
			cfg, err := png.DecodeConfig(bytes.NewReader(b))
			if err != nil || cfg.Width < 500 || cfg.Height < 200 {
				t.Errorf("%s: %v %+v", name, err, cfg)
			}
			pngs++
			if !bytes.Contains(d.parts["word/_rels/document.xml.rels"], []byte("media/"+strings.TrimPrefix(name, "word/media/"))) {
				t.Errorf("%s has no relationship", name)
			}
		}
	}
	if pngs != 6 || strings.Count(string(d.parts["word/document.xml"]), "<pic:pic>") != 6 {
		t.Errorf("%d chart pictures, want 6", pngs)
	}
}

// soffice converts a document with LibreOffice headless and returns the
// output file's bytes.
func soffice(t *testing.T, in, to, ext string) []byte {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice not found: run the tests with `make test`, which installs LibreOffice Writer")
	}
	dir := filepath.Dir(in)
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "lo")
	cmd := exec.Command(bin, profile, "--headless", "--convert-to", to, "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to %s: %v\n%s", to, err, out)
	}
	b, err := os.ReadFile(strings.TrimSuffix(in, ".docx") + "." + ext)
	if err != nil {
		t.Fatalf("LibreOffice wrote no %s (is libreoffice-writer installed?): %v", ext, err)
	}
	return b
}

// testOpensInLibreOffice: LibreOffice Writer converts the document to PDF
// and to text; the text names every commune of huyện Bắc Sơn and states
// the listeners total as the API gives it.
func testOpensInLibreOffice(t *testing.T, a *app) {
	b, _ := a.docx(t, "period=2024-H1")
	in := filepath.Join(t.TempDir(), "report.docx")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := soffice(t, in, "pdf", "pdf")
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pdf) < 50_000 {
		t.Errorf("PDF of %d bytes", len(pdf))
	}
	text := string(soffice(t, in, "txt:Text", "txt"))
	api := a.compare(t, "2024-H1", "listeners_reached")
	total := i18n.FormatNumber(*api.Area, "vi")
	if !strings.Contains(text, "với "+total+" lượt người nghe") {
		t.Errorf("LibreOffice's text does not state the API's total %s", total)
	}
	for _, c := range api.Communes {
		if !strings.Contains(text, fullName(c.Type, c.Name)) {
			t.Errorf("LibreOffice's text does not name %s", fullName(c.Type, c.Name))
		}
	}
}

// testGolden compares the text of the demo district's 2024-H1 report with
// testdata/report_2024-H1.golden (go test ./summary -run TestReport/Golden -update).
func testGolden(t *testing.T, a *app) {
	for _, c := range []struct{ query, file string }{
		{"period=2024-H1", "report_2024-H1.golden"},
		{"period=2024-H1&lang=en", "report_2024-H1_en.golden"},
	} {
		_, d := a.docx(t, c.query)
		got := d.text()
		path := filepath.Join("testdata", c.file)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if got != string(want) {
			gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
			for i := 0; i < max(len(gl), len(wl)); i++ {
				g, w := "", ""
				if i < len(gl) {
					g = gl[i]
				}
				if i < len(wl) {
					w = wl[i]
				}
				if g != w {
					t.Errorf("%s differs at line %d:\n got  %q\n want %q\n(run with -update if the change is meant)", c.file, i+1, g, w)
					break
				}
			}
		}
	}
}

// testEnglish: lang=en writes the English report with English numbers.
func testEnglish(t *testing.T, a *app) {
	_, d := a.docx(t, "period=2024-H1&lang=en")
	text := d.text()
	api := a.compare(t, "2024-H1", "listeners_reached")
	for _, w := range []string{"SOCIALIST REPUBLIC OF VIET NAM", "I. REPORTING BY THE COMMUNES", "First half of 2024",
		"awareness sessions were held with " + i18n.FormatNumber(*api.Area, "en") + " listeners", "APPENDIX"} {
		if !strings.Contains(text, w) {
			t.Errorf("English report lacks %q", w)
		}
	}
	if strings.Contains(text, "Toàn huyện tổ chức") {
		t.Error("English report has Vietnamese sentences")
	}
}

// testReformAndPartYear: after 1 July 2025 the earlier figures of the new
// communes are Σ sums, said in part III; a year with one half is a part year.
func testReformAndPartYear(t *testing.T, a *app) {
	_, d := a.docx(t, "period=2025-H2")
	text := d.text()
	if !strings.Contains(text, "= Σ(") || !strings.Contains(text, "hình thành từ ngày 01/7/2025") {
		t.Error("2025-H2 report has no Σ note")
	}
	if n := len(d.tables("appendix")[0].Rows); n != 6+2 {
		t.Errorf("2025-H2 appendix has %d rows, want the 6 new communes", n)
	}
	_, d = a.docx(t, "period=2026")
	text = d.text()
	// The area has only 2026-H1: the report says so, and compares with
	// 2025-H1 as the pages do, never with the whole of 2025.
	note := "Chưa đủ kỳ: số liệu cả năm mới gồm 6 tháng đầu năm 2026, nên chỉ so sánh với cùng kỳ 6 tháng đầu năm 2025."
	if !strings.Contains(text, note) || !strings.Contains(text, "được tổng hợp từ báo cáo 6 tháng") {
		t.Errorf("the 2026 report does not say it is a part year compared with 2025-H1:\n%s", text[:min(len(text), 3000)])
	}
	if strings.Contains(text, "chỉ có giá trị tham khảo") {
		t.Error("the 2026 report calls its comparisons indicative: they are like with like")
	}
	_, b, _ := a.get(t, "/summary?period=2026")
	if page := string(b); !strings.Contains(page, "Năm 2026 (chưa đủ kỳ)") || strings.Contains(page, "Năm 2025 (chưa đủ kỳ)") {
		t.Errorf("/summary's period list does not mark 2026 (and only 2026) as a part year:\n%s", page)
	}
}

// testPage: /summary offers the download for any period with figures and
// the one area; bad filters are refused in both languages.
func testPage(t *testing.T, a *app) {
	status, b, _ := a.get(t, "/summary")
	body := string(b)
	if status != 200 || !strings.Contains(body, "6 tháng đầu năm 2026") || !strings.Contains(body, `href="/summary?format=docx&amp;lang=vi&amp;period=2026-H1"`) ||
		!strings.Contains(body, "bdg đang theo dõi một địa bàn này") {
		t.Errorf("/summary = %d\n%s", status, body)
	}
	status, b, _ = a.get(t, "/summary?period=2024-H1&area=district:185&lang=en")
	body = string(b)
	if status != 200 || !strings.Contains(body, "area=district%3A185") || !strings.Contains(body, "Download in English") ||
		!strings.Contains(body, `<option value="2022-H1"`) || !strings.Contains(body, `<option value="2025"`) {
		t.Errorf("/summary in English = %d\n%s", status, body)
	}
	for _, c := range []struct {
		query string
		code  int
		say   string
	}{
		{"period=2024-H9", 400, "Kỳ báo cáo không hợp lệ"},
		{"period=2031-H1", 404, "Chưa có số liệu nào được công bố cho kỳ này"},
		{"period=2031-H1&lang=en", 404, "No figures have been published for this period"},
		{"period=2024-H1&area=district:999", 404, "bdg không theo dõi địa bàn này"},
		{"period=2024-H1&area=185", 400, "Địa bàn phải có dạng"},
		{"period=2024-H1&format=pdf", 400, "Định dạng phải là docx"},
	} {
		status, b, _ := a.get(t, "/summary?"+c.query)
		if status != c.code || !strings.Contains(string(b), c.say) {
			t.Errorf("/summary?%s = %d, want %d saying %q:\n%s", c.query, status, c.code, c.say, b)
		}
	}
}
