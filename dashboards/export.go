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
	Name     string // file name stem
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
}

// export answers ?format=csv|xlsx|json for a view; it reports whether it
// wrote a response (false: render the page).
func (h *Handler) export(c *gin.Context, data any, tb func() *table) bool {
	switch c.Query("format") {
	case "":
		return false
	case "json":
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

func attach(c *gin.Context, name string) {
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`,
		strings.Map(func(r rune) rune {
			if r < 32 || r > 126 || r == '"' || r == '\\' {
				return '_'
			}
			return r
		}, name), url.PathEscape(name)))
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
				_ = f.SetCellStyle(sheet, ref, ref, numStyle)
			}
		}
	}
	_ = f.SetColWidth(sheet, "A", "A", 28)
	if len(t.Head) > 1 {
		_ = f.SetColWidth(sheet, "B", colName(len(t.Head)-1), 16)
	}
	if t.Chart != "" && len(t.Rows) > 0 {
		first, last := headRow+1, headRow+len(t.Rows)
		if t.chartRows > 0 {
			last = headRow + t.chartRows
		}
		var series []excelize.ChartSeries
		for _, vc := range t.ValCols {
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("'%s'!$%s$%d", sheet, colName(vc), headRow),
				Categories: fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, colName(t.CatCol), first, colName(t.CatCol), last),
				Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, colName(vc), first, colName(vc), last),
			})
		}
		typ := excelize.Col
		if t.Chart == "line" {
			typ = excelize.Line
		}
		ch := &excelize.Chart{Type: typ, Series: series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t.Title + " – " + t.Period}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 400},
		}
		if err := f.AddChart(sheet, fmt.Sprintf("%s%d", colName(len(t.Head)+1), headRow), ch); err != nil {
			return nil, fmt.Errorf("dashboards: xlsx chart: %w", err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("dashboards: xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

func ptrStr(s string) *string { return &s }
