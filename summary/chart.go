package summary

import (
	"fmt"

	charts "github.com/go-analyze/charts"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/i18n"
)

// Charts are pictures drawn on the server by go-analyze/charts (pure Go, no
// browser), not native Word charts: see the README ("The district's own
// report") for the comparison that decided it.

// maxBars bounds a chart: a province has hundreds of communes, and a bar
// chart of them all cannot be read. The table beside it lists every one.
const maxBars = 25

// chartPixels is the picture's width; its height grows with the bars.
const chartPixels = 1000

// chartImage is a drawn chart.
type chartImage struct {
	PNG           []byte
	Width, Height int
	Title         string // the indicator's name, as the page's chart says
}

// accent is the pages' chart colour (dashboards' accent).
var accent = charts.Color{R: 0xb0, G: 0x30, B: 0x6a, A: 255}

// barChart draws one indicator by commune, highest first, like the
// comparison page: the same title (the indicator's name), the same
// subtitle (area · period, then the source line) and numbers written the
// way the page writes them (1.500; 33,3%).
func barChart(cmp *analytics.CommuneComparison, areaName, lang string) (*chartImage, error) {
	ratio := cmp.Indicator.IsRatio()
	format := func(v float64) string {
		if ratio {
			return i18n.FormatPercent(v, lang)
		}
		return i18n.FormatNumber(v, lang)
	}
	var names []string
	var values []float64
	withValue := 0
	for _, r := range cmp.Rows { // ranked, highest first, communes without a value last
		if r.Value == nil {
			continue
		}
		withValue++
		if len(values) < maxBars {
			names = append(names, r.Name)
			values = append(values, *r.Value)
		}
	}
	if len(values) == 0 {
		return nil, nil
	}
	// A horizontal chart draws its first value at the bottom.
	for i, j := 0, len(values)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
		values[i], values[j] = values[j], values[i]
	}
	sub := areaName + " · " + cmp.Period.Label(lang)
	if withValue > maxBars {
		sub += " · " + fmt.Sprintf(msg(lang, "chart.top"), maxBars, withValue)
	}
	if cmp.Average != nil {
		key := "chart.average"
		if ratio {
			key = "chart.area"
		}
		sub += " · " + msg(lang, key) + ": " + format(*cmp.Average)
	}
	sub += "\n" + sourceLine(lang)
	series := charts.NewSeriesListBar([][]float64{values})
	series[0].Label = charts.SeriesLabel{Show: charts.Ptr(true), ValueFormatter: format}
	opt := charts.NewBarChartOptionWithSeries(series)
	opt.Horizontal = true
	opt.SeriesLabelPosition = "right"
	opt.CategoryAxis.Labels = names
	opt.ValueFormatter = format
	opt.Theme = charts.GetDefaultTheme().WithSeriesColors([]charts.Color{accent})
	opt.Title = charts.TitleOption{Text: cmp.Indicator.Name(lang), Subtext: sub, Offset: charts.OffsetStr{Left: charts.PositionCenter},
		FontStyle:        charts.FontStyle{FontSize: 15, FontColor: charts.Color{R: 0x1d, G: 0x27, B: 0x33, A: 255}},
		SubtextFontStyle: charts.FontStyle{FontSize: 11, FontColor: charts.Color{R: 0x5b, G: 0x6b, B: 0x7c, A: 255}}}
	opt.Padding = charts.NewBoxEqual(20)
	height := 130 + 26*len(values)
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputPNG, Width: chartPixels, Height: height})
	if err := p.BarChart(opt); err != nil {
		return nil, fmt.Errorf("summary: chart %s: %w", cmp.Indicator.Code, err)
	}
	b, err := p.Bytes()
	if err != nil {
		return nil, fmt.Errorf("summary: chart %s: %w", cmp.Indicator.Code, err)
	}
	return &chartImage{PNG: b, Width: chartPixels, Height: height, Title: cmp.Indicator.Name(lang)}, nil
}
