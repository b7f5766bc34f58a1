package summary

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
	"github.com/bdg-district/bdg/web"
)

func ptr(v float64) *float64 { return &v }

func TestChange(t *testing.T) {
	count := catalogue.Indicator{Code: "listeners_reached", Unit: "lượt người", UnitEN: "person-times", OverCommunes: catalogue.Sum}
	cases := []catalogue.Indicator{count, {Code: "gbv_incidents", Unit: "vụ", UnitEN: "cases", OverCommunes: catalogue.Sum},
		{Code: "female_cadre_ratio", Unit: "%", UnitEN: "%", OverCommunes: catalogue.Ratio}}
	for _, c := range []struct {
		ind         int
		now         float64
		before      *float64
		vi, en      string
		description string
	}{
		{0, 11600, ptr(11143), "tăng 4,1% so với kỳ trước", "up 4.1% on the previous period", "a count, in percent"},
		{0, 1000, ptr(1250), "giảm 20% so với kỳ trước", "down 20% on the previous period", "a fall"},
		{0, 500, ptr(500), "bằng kỳ trước", "the same as the previous period", "no change"},
		{0, 5, nil, "", "", "nothing to compare with"},
		{1, 5, ptr(3), "tăng 2 vụ so với kỳ trước", "up 2 cases on the previous period", "a small base, in units"},
		{1, 4, ptr(0), "tăng 4 vụ so với kỳ trước", "up 4 cases on the previous period", "from zero"},
		{0, 100001, ptr(100000), "tăng 1 lượt người so với kỳ trước", "up 1 person-times on the previous period", "a change too small for a percent"},
		{2, 52.4, ptr(43.6), "tăng 8,8 điểm phần trăm so với kỳ trước", "up 8.8 percentage points on the previous period", "a ratio, in points"},
		{2, 40, ptr(41.25), "giảm 1,3 điểm phần trăm so với kỳ trước", "down 1.3 percentage points on the previous period", "a ratio falling"},
		{2, 40, ptr(40.01), "không đổi so với kỳ trước", "unchanged on the previous period", "a ratio that rounds to no change"},
	} {
		for lang, want := range map[string]string{"vi": c.vi, "en": c.en} {
			s := &sayer{d: &Data{Prev: period.MustParse("2023-H2"), LastYear: period.MustParse("2023-H1")}, lang: lang}
			if got := s.change(cases[c.ind], c.now, c.before, s.againstPrev()); got != want {
				t.Errorf("%s (%s): %q, want %q", c.description, lang, got, want)
			}
		}
	}
}

// TestGroupsCoverCatalogue: every indicator of the default catalogue is in
// exactly one group of part II, and every group's codes exist.
func TestGroupsCoverCatalogue(t *testing.T) {
	cat := catalogue.New(catalogue.Default())
	in := map[string]int{}
	for _, g := range groups {
		if msg("vi", "group."+g.Key) == "group."+g.Key || msg("en", "group."+g.Key) == msg("vi", "group."+g.Key) {
			t.Errorf("group %s has no title in both languages", g.Key)
		}
		if !contains(g.Codes, g.Chart) {
			t.Errorf("group %s charts %s, which is not in its tables", g.Key, g.Chart)
		}
		for _, c := range g.Codes {
			if _, ok := cat.Get(c); !ok {
				t.Errorf("group %s names %s, not in the catalogue", g.Key, c)
			}
			in[c]++
		}
	}
	for _, ind := range cat.All() {
		if in[ind.Code] != 1 {
			t.Errorf("%s is in %d groups", ind.Code, in[ind.Code])
		}
	}
}

func TestSlugAndArea(t *testing.T) {
	for in, want := range map[string]string{"Huyện Bắc Sơn": "huyen-bac-son", "Thành phố Hà Nội": "thanh-pho-ha-noi",
		"Tỉnh Đắk Lắk": "tinh-dak-lak", "Xã Đồng Ý (mới)": "xa-dong-y-moi"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	for in, ok := range map[string]bool{"district:185": true, "province:20": true, "185": false, "commune:06331": false, "district:": false,
		"district:1234567": false} {
		if _, got := ParseArea(in); got != ok {
			t.Errorf("ParseArea(%q) ok = %v", in, got)
		}
	}
	if placeOf("Huyện Bắc Sơn") != "Bắc Sơn" || placeOf("Thành phố Hà Nội") != "Hà Nội" {
		t.Error("placeOf")
	}
}

// synthetic is a province of n communes with every indicator, as Build
// would read it: for rendering tests and the benchmark without a database.
func synthetic(n int, p period.Period) *Data {
	cat := catalogue.New(catalogue.Default())
	d := &Data{Area: analytics.Area{Level: "province", Code: "20"}, AreaName: "Tỉnh Lạng Sơn", Period: p, Prev: p.Prev(),
		LastYear: p.SameLastYear(), Cat: cat, Compare: map[string]*analytics.CommuneComparison{}, Former: map[string]units.Unit{},
		At: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Quality: &analytics.Quality{Period: p}, Pending: [][]string{{"00007"}}}
	for i := 0; i < n; i++ {
		d.Communes = append(d.Communes, units.Unit{Era: p.Era(), Level: "commune", Code: fmt.Sprintf("%05d", i+1),
			Name: fmt.Sprintf("Đồng Ý %d", i+1), Type: []string{"xã", "phường"}[i%2]})
	}
	st := analytics.PeriodStatus{Period: p, Deadline: p.End().AddDate(0, 0, 16), Expected: n, Reported: n - 42, OnTime: n - 43, Late: 1,
		Pending: 1, Missing: 40, LateCodes: []string{"00043"}}
	for i := 0; i < 40; i++ {
		st.MissingCodes = append(st.MissingCodes, d.Communes[i].Code)
	}
	d.Reporting = []analytics.PeriodStatus{st}
	for k, ind := range cat.All() {
		c := &analytics.CommuneComparison{Indicator: ind, Period: p, Prev: p.Prev(), LastYear: p.SameLastYear(), Expected: n}
		var sum float64
		for i, u := range d.Communes {
			r := analytics.CommuneValue{Code: u.Code, Name: u.Name, Type: u.Type}
			if i > 2 {
				v := float64((i*37+k*11)%500 + 1)
				if ind.IsRatio() {
					v = float64((i*7+k)%1000) / 10
				}
				r.Value, r.Reported = ptr(v), true
				sum += v
			}
			c.Rows = append(c.Rows, r)
		}
		c.Area, c.AreaPrev, c.AreaLastYear = ptr(sum), ptr(sum*0.9), ptr(sum*1.1)
		c.Average = ptr(sum / float64(n))
		if ind.IsRatio() {
			c.Area, c.AreaPrev, c.AreaLastYear, c.Average = ptr(41.6), ptr(40.5), ptr(43.6), ptr(41.6)
		}
		d.Compare[ind.Code] = c
		if k == 1 {
			d.Quality.Flags = append(d.Quality.Flags, analytics.QualityFlag{Code: "00005", Name: "Đồng Ý 5", Type: "xã",
				Indicator: ind.Code, Kind: analytics.FlagPeers, Value: 9800, Reference: ptr(1200)})
		}
	}
	return d
}

// TestRenderProvince renders a synthetic province in both languages: the
// package is well formed XML, the tables have one row per commune, the
// province's office signs, and a chart shows the highest communes only.
func TestRenderProvince(t *testing.T) {
	d := synthetic(300, period.MustParse("2025-H2"))
	for _, lang := range []string{"vi", "en"} {
		var buf bytes.Buffer
		if err := Render(&buf, d, lang, DefaultIssuer(d.Area, d.AreaName, lang, "")); err != nil {
			t.Fatal(err)
		}
		z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var body string
		pictures := 0
		for _, f := range z.File {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			r.Close()
			if strings.HasPrefix(f.Name, "word/media/") {
				pictures++
				continue
			}
			dec := xml.NewDecoder(bytes.NewReader(b))
			for {
				if _, err := dec.Token(); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					t.Fatalf("%s %s: %v", lang, f.Name, err)
				}
			}
			if f.Name == "word/document.xml" {
				body = string(b)
			}
		}
		if pictures != len(groups) {
			t.Errorf("%s: %d pictures", lang, pictures)
		}
		// 6 group tables and the appendix have a row per commune, a header and a total.
		if got, want := strings.Count(body, "<w:tr>"), 7*(300+2); got < want {
			t.Errorf("%s: %d table rows, want at least %d", lang, got, want)
		}
		for _, w := range map[string][]string{
			"vi": {"UBND TỈNH LẠNG SƠN", "SỞ NỘI VỤ", "GIÁM ĐỐC", "Số: …/BC-SNV", "Toàn tỉnh tổ chức", "và 10 đơn vị khác", "Xã Đồng Ý 5, số lượt người nghe"},
			"en": {"LẠNG SƠN PROVINCIAL PEOPLE&#39;S COMMITTEE", "DEPARTMENT OF HOME AFFAIRS", "DIRECTOR", "Across the province"},
		}[lang] {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the document lacks %q", lang, w)
			}
		}
	}
	img, err := barChart(d.Compare["listeners_reached"], d.AreaName, "vi")
	if err != nil || img == nil || img.Height > 130+26*maxBars {
		t.Errorf("chart of 300 communes: %v, %+v", err, img)
	}
}

// BenchmarkRenderProvince renders a province of 600 communes (the largest
// before 2025 had about 580), database time excluded.
func BenchmarkRenderProvince(b *testing.B) {
	d := synthetic(600, period.MustParse("2024-H1"))
	iss := DefaultIssuer(d.Area, d.AreaName, "vi", "")
	for b.Loop() {
		if err := Render(io.Discard, d, "vi", iss); err != nil {
			b.Fatal(err)
		}
	}
}

// fakeAnalytics answers what the page asks before it builds anything.
type fakeAnalytics struct{ Analytics }

func (fakeAnalytics) Area() analytics.Area { return analytics.Area{Level: "district", Code: "185"} }
func (fakeAnalytics) AreaName(context.Context) string {
	return "Huyện Bắc Sơn"
}

// TestBusy: past the reports built at once, the page answers 503 with a
// retry, instead of queueing work without bound.
func TestBusy(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	site := web.NewSite(web.Options{})
	h := New(fakeAnalytics{}, site, HandlerOptions{Concurrent: 1})
	h.busy <- struct{}{} // one report is being built
	r := gin.New()
	r.Use(site.Errors(nil))
	Routes(r, h)
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/summary?period=2024-H1&format=docx", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "thử lại") {
		t.Errorf("busy = %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
}
