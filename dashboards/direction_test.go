package dashboards_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/catalogue"
)

// changeCell is a change in a comparison table: its verdict class and the
// change itself (data-sort).
var changeCell = regexp.MustCompile(`<td class="num (better|worse|neutral|same)" data-sort="([^"]+)">([^<]*)<`)

// wantVerdict is the class a change of sign should have by direction.
func wantVerdict(d catalogue.Direction, change float64) string {
	switch {
	case change == 0:
		return "same"
	case d == catalogue.Neutral:
		return "neutral"
	case (change > 0) == (d == catalogue.HigherIsBetter):
		return "better"
	}
	return "worse"
}

// TestDirectionAndPoints walks the catalogue: on every indicator's commune
// comparison each change is coloured by the indicator's direction, and a
// ratio's change is written in percentage points, a count's in number and
// percent.
func TestDirectionAndPoints(t *testing.T) {
	app := newDemoApp(t)
	h := app.handler
	cat := catalogue.New(catalogue.Default())
	seen := map[string]bool{}
	for _, ind := range cat.All() {
		for _, per := range []string{"2024-H1", "2025"} {
			path := "/compare/communes?period=" + per + "&indicator=" + ind.Code
			code, body, _ := get(t, h, path)
			if code != 200 {
				t.Fatalf("%s = %d", path, code)
			}
			cells := changeCell.FindAllSubmatch(body, -1)
			if len(cells) == 0 {
				t.Errorf("%s: no change cells", path)
			}
			for _, c := range cells {
				v, err := strconv.ParseFloat(string(c[2]), 64)
				if err != nil {
					t.Fatalf("%s: data-sort %q", path, c[2])
				}
				if want := wantVerdict(ind.Direction, v); string(c[1]) != want {
					t.Errorf("%s: change %v (%s) is %s, want %s", path, v, c[3], c[1], want)
				}
				seen[string(c[1])] = true
				text := html.UnescapeString(string(c[3]))
				if ind.IsRatio() {
					if !strings.HasSuffix(text, " điểm %") {
						t.Errorf("%s: ratio change %q is not in điểm %%", path, text)
					}
				} else if strings.Contains(text, "điểm") || (v != 0 && !strings.Contains(text, "%)") && !strings.HasPrefix(text, "+") && !strings.HasPrefix(text, "-")) {
					t.Errorf("%s: count change %q", path, text)
				}
			}
		}
	}
	for _, v := range []string{"better", "worse", "neutral"} {
		if !seen[v] {
			t.Errorf("no %s change seen on the demo district", v)
		}
	}
}

// TestMustShow covers the "Must show" items on the demo district.
func TestMustShow(t *testing.T) {
	app := newDemoApp(t)
	h := app.handler

	t.Run("more violence is worse: page, overview and XLSX", func(t *testing.T) {
		_, b, _ := get(t, h, "/api/v1/compare/communes?indicator=gbv_incidents&period=2024-H1")
		var cmp analytics.CommuneComparison
		if err := json.Unmarshal(b, &cmp); err != nil {
			t.Fatal(err)
		}
		ups := 0
		for _, r := range cmp.Rows {
			if r.ChangePrev != nil && *r.ChangePrev > 0 {
				ups++
			}
		}
		if ups == 0 {
			t.Fatal("the demo has no commune with more violence cases in 2024-H1: the test shows nothing")
		}
		_, page, _ := get(t, h, "/compare/communes?indicator=gbv_incidents&period=2024-H1")
		worse := 0
		for _, c := range changeCell.FindAllSubmatch(page, -1) {
			v, _ := strconv.ParseFloat(string(c[2]), 64)
			if v > 0 {
				if string(c[1]) != "worse" {
					t.Errorf("increase %s is %s", c[3], c[1])
				}
				worse++
			}
		}
		if worse < ups {
			t.Errorf("%d increases marked worse, want at least %d", worse, ups)
		}

		// The overview's tile.
		_, ob, _ := get(t, h, "/api/v1/overview?period=2024-H1")
		var ov analytics.Overview
		if err := json.Unmarshal(ob, &ov); err != nil {
			t.Fatal(err)
		}
		_, op, _ := get(t, h, "/?period=2024-H1")
		tile := regexp.MustCompile(`(?s)data-indicator="gbv_incidents">.*?</div>\s*</div>|(?s)data-indicator="gbv_incidents">.*?vsyear`).Find(op)
		for _, hl := range ov.Headlines {
			if hl.Indicator.Code != "gbv_incidents" || hl.ChangePrev == nil {
				continue
			}
			want := `class="change ` + wantVerdict(catalogue.LowerIsBetter, *hl.ChangePrev) + `"`
			if !bytes.Contains(tile, []byte(want)) {
				t.Errorf("overview tile for a change of %v lacks %s:\n%s", *hl.ChangePrev, want, tile)
			}
		}

		// The XLSX: a rise in a change column is written in red.
		_, xb, _ := get(t, h, "/compare/communes?indicator=gbv_incidents&period=2024-H1&format=xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(xb))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheet := f.GetSheetList()[0]
		rows, _ := f.GetRows(sheet)
		changeCol := -1
		for r, row := range rows {
			for c, s := range row {
				if strings.HasPrefix(s, "Thay đổi so với kỳ trước (vụ)") {
					changeCol = c
				}
				if changeCol < 0 || c != changeCol || r <= 7 {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
				v, err := strconv.ParseFloat(raw, 64)
				if err != nil || v <= 0 {
					continue
				}
				st, _ := f.GetCellStyle(sheet, ref)
				style, _ := f.GetStyle(st)
				if style == nil || style.Font == nil || !strings.EqualFold(style.Font.Color, "B3261E") {
					t.Errorf("XLSX %s = %v: font %+v, want red", ref, v, style.Font)
				}
				worse--
			}
		}
		if changeCol < 0 {
			t.Fatalf("no change column in the XLSX: %q", rows[7])
		}
	})

	t.Run("ratio changes in điểm % and unique CSV headers", func(t *testing.T) {
		_, b, hdr := get(t, h, "/compare/communes?period=2025&indicator=female_cadre_ratio&format=csv")
		recs, err := readCSV(b)
		if err != nil {
			t.Fatal(err)
		}
		head := recs[0]
		seen := map[string]bool{}
		points := 0
		for _, s := range head {
			if seen[s] {
				t.Errorf("two columns headed %q: %q", s, head)
			}
			seen[s] = true
			if strings.Contains(s, "Thay đổi") {
				if !strings.Contains(s, "(điểm %)") {
					t.Errorf("ratio change column %q is not in điểm %%", s)
				}
				points++
			}
		}
		if points != 2 {
			t.Errorf("%d change columns, want 2 (previous period, same period last year): %q", points, head)
		}
		// The area row: the change is the difference of the two ratios.
		_, jb, _ := get(t, h, "/api/v1/compare/communes?period=2025&indicator=female_cadre_ratio")
		var cmp analytics.CommuneComparison
		if err := json.Unmarshal(jb, &cmp); err != nil {
			t.Fatal(err)
		}
		for _, r := range cmp.Rows {
			if r.ChangePrevPct != nil || r.ChangeYearPct != nil {
				t.Errorf("%s: a ratio has a percent change in the API", r.Code)
			}
		}
		if cmp.Area != nil && cmp.AreaPrev != nil {
			var area []string
			for _, r := range recs {
				if len(r) > 2 && r[2] == "Toàn huyện" {
					area = r
				}
			}
			col := -1
			for i, s := range head {
				if strings.HasPrefix(s, "Thay đổi so với kỳ trước") {
					col = i
				}
			}
			got, _ := strconv.ParseFloat(area[col], 64)
			if want := *cmp.Area - *cmp.AreaPrev; got-want > 0.01 || want-got > 0.01 {
				t.Errorf("area change %v, want %v points", got, want)
			}
		}
		if cd := hdr.Get("Content-Disposition"); !strings.Contains(cd, `filename="ty-le-nu-can-bo-cong-chuc-xa_nam-2025.csv"`) ||
			!strings.Contains(cd, "filename*=UTF-8''ty-le-nu-can-bo-cong-chuc-xa_nam-2025.csv") {
			t.Errorf("Content-Disposition = %s", cd)
		}
	})

	t.Run("a part year is never compared with a full year without its label", func(t *testing.T) {
		_, jb, _ := get(t, h, "/api/v1/compare/communes?period=2026&indicator=listeners_reached")
		var cmp analytics.CommuneComparison
		if err := json.Unmarshal(jb, &cmp); err != nil {
			t.Fatal(err)
		}
		if cmp.PartYear == nil || cmp.Prev.String() != "2025-H1" || cmp.LastYear.String() != "2025-H1" {
			t.Fatalf("2026 (H1 only): part_year %+v, compared with %s and %s; want 2025-H1", cmp.PartYear, cmp.Prev, cmp.LastYear)
		}
		_, page, _ := get(t, h, "/compare/communes?period=2026&indicator=listeners_reached")
		for _, want := range []string{"Năm 2026 (chưa đủ kỳ)", "Chưa đủ kỳ: số liệu cả năm mới gồm 6 tháng đầu năm 2026, nên chỉ so sánh với cùng kỳ 6 tháng đầu năm 2025."} {
			if !bytes.Contains(page, []byte(want)) {
				t.Errorf("page lacks %q", want)
			}
		}
		// The period choice says so too.
		if !regexp.MustCompile(`<option value="2026"[^>]*>Năm 2026 \(chưa đủ kỳ\)</option>`).Match(page) {
			t.Error("the period choice Năm 2026 lacks its label")
		}
		_, cb, _ := get(t, h, "/compare/communes?period=2026&indicator=listeners_reached&format=csv")
		if !bytes.Contains(cb, []byte("Năm 2026 (chưa đủ kỳ) (lượt người)")) || !bytes.Contains(cb, []byte("Chưa đủ kỳ: số liệu cả năm mới gồm")) {
			t.Errorf("CSV lacks the part-year label or note:\n%s", cb)
		}
		_, xb, _ := get(t, h, "/compare/communes?period=2026&indicator=listeners_reached&format=xlsx")
		if !bytes.Contains(unzipAll(t, xb), []byte("Chưa đủ kỳ: số liệu cả năm mới gồm")) {
			t.Error("XLSX lacks the part-year note")
		}
		// Compare periods: the row of the part year carries its label.
		_, pb, _ := get(t, h, "/api/v1/compare/periods?periods=2025,2026&indicator=listeners_reached")
		var pc analytics.PeriodComparison
		if err := json.Unmarshal(pb, &pc); err != nil {
			t.Fatal(err)
		}
		if pc.Rows[0].PartYear != nil || pc.Rows[1].PartYear == nil {
			t.Errorf("part years %+v %+v, want only 2026", pc.Rows[0].PartYear, pc.Rows[1].PartYear)
		}
		_, pp, _ := get(t, h, "/compare/periods?periods=2025,2026&indicator=listeners_reached")
		if !bytes.Contains(pp, []byte(`>chưa đủ kỳ</span>`)) {
			t.Error("compare periods page: 2026 lacks its label")
		}
		// A complete year has none.
		_, jb, _ = get(t, h, "/api/v1/compare/communes?period=2025&indicator=listeners_reached")
		cmp = analytics.CommuneComparison{}
		_ = json.Unmarshal(jb, &cmp)
		if cmp.PartYear != nil || cmp.Prev.String() != "2024" {
			t.Errorf("2025: part_year %+v, prev %s", cmp.PartYear, cmp.Prev)
		}
	})

	t.Run("XLSX chart: one series colour, data labels, average line, notes in cells", func(t *testing.T) {
		_, xb, _ := get(t, h, "/compare/communes?indicator=listeners_reached&period=2024-H1&format=xlsx")
		zr, err := zip.NewReader(bytes.NewReader(xb), int64(len(xb)))
		if err != nil {
			t.Fatal(err)
		}
		var chart []byte
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "xl/charts/chart") {
				rc, _ := f.Open()
				chart, _ = io.ReadAll(rc)
				rc.Close()
			}
		}
		if chart == nil {
			t.Fatal("no chart in the XLSX")
		}
		// The chart part's elements may or may not carry the c: prefix.
		x := strings.NewReplacer("<c:", "<", "</c:", "</").Replace(string(chart))
		if !strings.Contains(x, `<varyColors val="0"`) {
			t.Error("the bars vary their colours")
		}
		bar := regexp.MustCompile(`(?s)<barChart>.*?</barChart>`).FindString(x)
		if n := strings.Count(bar, "<ser>"); n != 1 {
			t.Errorf("%d bar series, want 1", n)
		}
		if fills := regexp.MustCompile(`srgbClr val="([0-9A-Fa-f]{6})"`).FindAllStringSubmatch(regexp.MustCompile(`(?s)<ser>.*?<cat>`).FindString(bar), -1); len(fills) == 0 || !strings.EqualFold(fills[0][1], "B0306A") {
			t.Errorf("bar series colour %v, want B0306A", fills)
		}
		if strings.Contains(bar, "<dPt>") {
			t.Error("bars coloured one by one")
		}
		if !strings.Contains(x, `<showVal val="1"`) {
			t.Error("no data labels")
		}
		if !strings.Contains(x, "<lineChart>") {
			t.Error("no average line")
		}
		// Readable axes: dark labels, not the default 15 % grey.
		for _, ax := range regexp.MustCompile(`(?s)<(catAx|valAx)>.*?</(catAx|valAx)>`).FindAllString(x, -1) {
			if txt := regexp.MustCompile(`(?s)<txPr>.*?</txPr>`).FindString(ax); !strings.Contains(txt, `srgbClr val="1D2733"`) {
				t.Errorf("faint axis labels: %.300s", txt)
			}
		}
		all := unzipAll(t, xb)
		for _, want := range []string{"Bình quân", "Nguồn", "Σ: số cộng từ các xã cũ"} {
			if !bytes.Contains(all, []byte(want)) {
				t.Errorf("XLSX lacks %q", want)
			}
		}
	})

	t.Run("two chosen periods", func(t *testing.T) {
		_, jb, _ := get(t, h, "/api/v1/compare/communes?period=2024-H1&indicator=gbv_incidents&base=2022-H2")
		var cmp analytics.CommuneComparison
		if err := json.Unmarshal(jb, &cmp); err != nil || cmp.Prev.String() != "2022-H2" {
			t.Fatalf("base: prev_period %s (%v)", cmp.Prev, err)
		}
		if code, _, _ := get(t, h, "/api/v1/compare/communes?period=2024-H1&base=nonsense"); code != 400 {
			t.Errorf("a bad base = %d", code)
		}
		_, page, _ := get(t, h, "/compare/communes?period=2024-H1&indicator=gbv_incidents&base=2022-H2")
		if !bytes.Contains(page, []byte("Kỳ so sánh")) || !bytes.Contains(page, []byte(`<option value="2022-H2" selected>`)) {
			t.Error("the page does not say which base it compares with")
		}
		_, cb, hdr := get(t, h, "/compare/communes?period=2024-H1&indicator=gbv_incidents&base=2022-H2&format=csv")
		if !bytes.Contains(cb, []byte("Kỳ so sánh: 6 tháng cuối năm 2022 (vụ)")) || !strings.Contains(hdr.Get("Content-Disposition"), "6-thang-cuoi-nam-2022-6-thang-dau-nam-2024") {
			t.Errorf("CSV with a base: %s\n%.300s", hdr.Get("Content-Disposition"), cb)
		}
	})

	t.Run("trends: the area per commune on the communes' scale, across the reform", func(t *testing.T) {
		_, jb, _ := get(t, h, "/api/v1/trends?indicator=comm_sessions&era=2025&periods=2024-H2,2025-H1,2025-H2,2026-H1")
		var tr analytics.Trend
		if err := json.Unmarshal(jb, &tr); err != nil {
			t.Fatal(err)
		}
		for i, p := range tr.Periods {
			n := 0
			for _, s := range tr.Series {
				if s.Points[i].Value != nil {
					n++
				}
			}
			a, avg := tr.Area[i].Value, tr.AreaAverage[i].Value
			if a == nil || avg == nil || n == 0 {
				t.Fatalf("%s: area %v, average %v, %d communes", p, a, avg, n)
			}
			if d := *avg - *a/float64(n); d > 0.01 || d < -0.01 {
				t.Errorf("%s: average %v, want %v / %d communes", p, *avg, *a, n)
			}
		}
	})

	t.Run("empty period says so", func(t *testing.T) {
		_, page, _ := get(t, h, "/compare/communes?period=2026-H2")
		if !bytes.Contains(page, []byte("Chưa có số liệu đã công bố cho kỳ này.")) || bytes.Contains(page, []byte(`class="bdg-chart"`)) {
			t.Error("an empty period draws a chart or lacks its message")
		}
	})

	t.Run("words, not codes, on the report's page", func(t *testing.T) {
		_, b, _ := get(t, h, "/api/v1/reports?commune=06331&era=pre2025&period=2024-H1&status=published")
		var list struct {
			Reports []analytics.ReportVersion `json:"reports"`
		}
		if err := json.Unmarshal(b, &list); err != nil || len(list.Reports) == 0 {
			t.Fatalf("seed report: %v", err)
		}
		for _, lang := range []string{"", "?lang=en"} {
			_, page, _ := get(t, h, "/reports/"+list.Reports[0].ID+"/text"+lang)
			text := regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAll(page, []byte(" ")) // what a reader sees, not ids and links
			for _, code := range []string{"decisions_issued", "plans_issued", "listeners_reached", ">extracted<", " extracted ", "0.90"} {
				if bytes.Contains(text, []byte(code)) {
					t.Errorf("report page%s shows %q", lang, code)
				}
			}
		}
	})
}

func readCSV(b []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

// unzipAll is every file of a zip (an XLSX) one after another, to search.
func unzipAll(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for _, f := range zr.File {
		rc, _ := f.Open()
		c, _ := io.ReadAll(rc)
		rc.Close()
		out = append(out, c...)
	}
	return out
}
