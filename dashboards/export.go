package dashboards

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/csvout"
	"github.com/bdg-district/bdg/i18n"
	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"
)

// cell is one exported value: text, or a number (nil: no value).
type cell struct {
	Text   string
	Num    *float64
	IsText bool
	// Color is the font colour of the cell in the XLSX ("" for the
	// default): a change coloured by the indicator's direction.
	Color string
}

// colored gives c the colour of a verdict class (see verdictClass).
func colored(c cell, class string) cell {
	c.Color = verdictColor(class)
	return c
}

func txt(s string) cell    { return cell{Text: s, IsText: true} }
func num(v *float64) cell  { return cell{Num: v} }
func numv(v float64) cell  { return cell{Num: &v} }
func intc(v int) cell      { return numv(float64(v)) }
func (c cell) blank() bool { return !c.IsText && c.Num == nil }
func (c cell) field() csvout.Field { // the CSV form
	switch {
	case c.IsText:
		return csvout.Text(c.Text)
	case c.Num == nil:
		return csvout.Empty()
	}
	return csvout.Number(*c.Num)
}

func round2(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 2, 64), 64)
	return r
}

// table is the data of one view as exported: a header block and a grid.
type table struct {
	Name     string // file name stem, plain ASCII (see fileName)
	Title    string
	Period   string
	Unit     string
	Area     string
	Head     []string
	Rows     [][]cell
	Chart    string // "col", "line" or "" for none
	CatCol   int    // category column of the chart
	ValCols  []int  // value columns of the chart
	SheetTab string
	// chartRows limits the chart to the first rows (0: all), leaving out totals.
	chartRows int
	// Avg, when set, is drawn across the chart as a line named AvgName.
	Avg     *float64
	AvgName string
	// Horizontal draws bars across (many communes: names stay readable).
	Horizontal bool
	// Notes are footnotes (Σ, part year…): rows after the table in the CSV,
	// cells under the chart in the XLSX.
	Notes []string
}

// export answers ?format=csv|xlsx|json for a view; it reports whether it
// wrote a response (false: render the page).
func (h *Handler) export(c *gin.Context, data any, tb func() *table) bool {
	switch c.Query("format") {
	case "":
		return false
	case "json":
		t := tb()
		attach(c, t.Name+".json")
		c.JSON(http.StatusOK, data)
	case "csv":
		t := tb()
		b, err := t.csv()
		if err != nil {
			_ = c.Error(err)
			return true
		}
		attach(c, t.Name+".csv")
		c.Data(http.StatusOK, "text/csv; charset=utf-8", b)
	case "xlsx":
		t := tb()
		b, err := t.xlsx(Lang(c), time.Now())
		if err != nil {
			_ = c.Error(err)
			return true
		}
		attach(c, t.Name+".xlsx")
		c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
	default:
		_ = c.Error(apperr.BadRequest("bad_filter", "format", "Định dạng phải là csv, xlsx hoặc json", "Format must be csv, xlsx or json"))
	}
	return true
}

// attach names a download (RFC 6266) with the view's plain-ASCII name
// (so-luot-nguoi-nghe-tham-du-tuyen-truyen_6-thang-dau-nam-2024.csv): the
// same name as the chart's PNG and SVG, safe in any e-mail, zip or old
// Windows. filename* says it again in UTF-8 for the clients that prefer it.
func attach(c *gin.Context, name string) {
	ascii := strings.Map(func(r rune) rune {
		if r < 32 || r > 126 || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(ascii)))
}

// csv writes the table through csvout (BOM, quoted text, formulas defused).
func (t *table) csv() ([]byte, error) {
	rows := [][]csvout.Field{csvout.Texts(t.Head...)}
	for _, r := range t.Rows {
		rec := make([]csvout.Field, len(r))
		for i, c := range r {
			rec[i] = c.field()
		}
		rows = append(rows, rec)
	}
	for _, n := range t.Notes {
		rows = append(rows, csvout.Texts(n))
	}
	return csvout.Write(rows), nil
}

func colName(i int) string {
	n, _ := excelize.ColumnNumberToName(i + 1)
	return n
}

// xlsx writes a workbook with a header block (title, period, unit, date of
// export), the table, and a native chart of the same data.
func (t *table) xlsx(lang string, now time.Time) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.SheetTab
	if sheet == "" {
		sheet = "bdg"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("dashboards: xlsx: %w", err)
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	big, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	numStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptrStr("#,##0.##")})
	set := func(cellRef string, v string) error { return f.SetCellStr(sheet, cellRef, csvout.Defuse(v)) }
	header := [][2]string{
		{"", t.Title},
		{T(lang, "export.area"), t.Area},
		{T(lang, "filter.period"), t.Period},
		{T(lang, "export.unit"), t.Unit},
		{T(lang, "export.date"), i18n.FormatDate(now.In(i18n.Vietnam))},
		{T(lang, "export.source"), T(lang, "source")},
	}
	for i, kv := range header {
		row := i + 1
		if kv[0] == "" {
			if err := set("A1", kv[1]); err != nil {
				return nil, err
			}
			_ = f.SetCellStyle(sheet, "A1", "A1", big)
			continue
		}
		if err := set(fmt.Sprintf("A%d", row), kv[0]); err != nil {
			return nil, err
		}
		if err := set(fmt.Sprintf("B%d", row), kv[1]); err != nil {
			return nil, err
		}
		_ = f.SetCellStyle(sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), bold)
	}
	const headRow = 8
	for i, s := range t.Head {
		ref := fmt.Sprintf("%s%d", colName(i), headRow)
		if err := set(ref, s); err != nil {
			return nil, err
		}
		_ = f.SetCellStyle(sheet, ref, ref, bold)
	}
	colorStyles := map[string]int{}
	for r, row := range t.Rows {
		for i, c := range row {
			ref := fmt.Sprintf("%s%d", colName(i), headRow+1+r)
			switch {
			case c.IsText:
				if err := set(ref, c.Text); err != nil {
					return nil, err
				}
			case c.Num != nil:
				if err := f.SetCellFloat(sheet, ref, round2(*c.Num), -1, 64); err != nil {
					return nil, err
				}
				style := numStyle
				if c.Color != "" {
					st, ok := colorStyles[c.Color]
					if !ok {
						st, _ = f.NewStyle(&excelize.Style{CustomNumFmt: ptrStr("+#,##0.##;-#,##0.##;0"), Font: &excelize.Font{Color: c.Color, Bold: true}})
						colorStyles[c.Color] = st
					}
					style = st
				}
				_ = f.SetCellStyle(sheet, ref, ref, style)
			}
		}
	}
	_ = f.SetColWidth(sheet, "A", "A", 28)
	if len(t.Head) > 1 {
		_ = f.SetColWidth(sheet, "B", colName(len(t.Head)-1), 16)
	}
	// Footnotes (Σ, part year, points) under the table, in cells: they
	// travel with the numbers when the sheet is pasted.
	noteRow := headRow + len(t.Rows) + 2
	if len(t.Notes) > 0 {
		ref := fmt.Sprintf("A%d", noteRow)
		if err := set(ref, T(lang, "export.notes")); err != nil {
			return nil, err
		}
		_ = f.SetCellStyle(sheet, ref, ref, bold)
		for i, n := range t.Notes {
			if err := set(fmt.Sprintf("A%d", noteRow+1+i), n); err != nil {
				return nil, err
			}
		}
	}
	if t.Chart != "" && len(t.Rows) > 0 {
		if err := t.addChart(f, sheet, headRow); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("dashboards: xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

func ptrStr(s string) *string { return &s }

// seriesColors are the XLSX chart's series colours: one for a single
// series (a bar per commune is the same thing measured, not a category to
// tell apart), grey then the accent for a base period and the period.
var seriesColors = []string{"B0306A", "9AA7B5", "2F6DB3", "2E8B57", "D4862A", "7B4FA8", "1F9AA5", "8A6D3B"}

// addChart draws the table's native chart beside it: one colour per
// series, value labels, readable axes, the average as a line, and the
// title, area, period and source in the chart's title.
func (t *table) addChart(f *excelize.File, sheet string, headRow int) error {
	first, last := headRow+1, headRow+len(t.Rows)
	if t.chartRows > 0 {
		last = headRow + t.chartRows
	}
	cats := fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, colName(t.CatCol), first, colName(t.CatCol), last)
	axisFont := excelize.Font{Size: 10, Color: "1D2733"}
	var series []excelize.ChartSeries
	colors := seriesColors
	if len(t.ValCols) == 2 && t.Chart == "col" {
		colors = []string{"9AA7B5", "B0306A"}
	}
	for i, vc := range t.ValCols {
		color := colors[i%len(colors)]
		s := excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$%d", sheet, colName(vc), headRow),
			Categories: cats,
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, colName(vc), first, colName(vc), last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			DataLabel:  excelize.ChartDataLabel{Font: excelize.Font{Size: 9, Color: "1D2733"}},
		}
		if t.Chart == "line" {
			s.Line = excelize.LineOptions{Width: 2}
			s.Marker = excelize.ChartMarker{Symbol: "circle", Size: 6}
		}
		series = append(series, s)
	}
	typ := excelize.Col
	switch {
	case t.Chart == "line":
		typ = excelize.Line
	case t.Horizontal:
		typ = excelize.Bar
	}
	no := false
	width := uint(760)
	if n := uint(last - first + 1); n*40 > width {
		width = n * 40
	}
	ch := &excelize.Chart{Type: typ, Series: series, VaryColors: &no,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t.Title + " – " + t.Period, Font: &excelize.Font{Bold: true, Size: 13}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: width, Height: 420},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		XAxis:     excelize.ChartAxis{Font: axisFont, ReverseOrder: t.Horizontal},
		YAxis:     excelize.ChartAxis{Font: axisFont, MajorGridLines: true},
	}
	if len(series) == 1 {
		ch.Legend.Position = "none"
	}
	var combo []*excelize.Chart
	if t.Avg != nil && t.Chart == "col" && !t.Horizontal {
		// The average as a line over the bars: its values in a column
		// beside the table, headed with its name.
		col := colName(len(t.Head) + 12)
		if err := f.SetCellStr(sheet, fmt.Sprintf("%s%d", col, headRow), t.AvgName); err != nil {
			return err
		}
		for r := first; r <= last; r++ {
			if err := f.SetCellFloat(sheet, fmt.Sprintf("%s%d", col, r), round2(*t.Avg), -1, 64); err != nil {
				return err
			}
		}
		combo = append(combo, &excelize.Chart{Type: excelize.Line, Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$%s$%d", sheet, col, headRow),
			Categories: cats,
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, col, first, col, last),
			Line:       excelize.LineOptions{Width: 1.5, Dash: excelize.LineDashDash},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1D2733"}},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		}}, XAxis: ch.XAxis, YAxis: ch.YAxis, VaryColors: &no})
		ch.Legend.Position = "bottom"
	}
	if err := f.AddChart(sheet, fmt.Sprintf("%s%d", colName(len(t.Head)+1), headRow), ch, combo...); err != nil {
		return fmt.Errorf("dashboards: xlsx chart: %w", err)
	}
	return nil
}
