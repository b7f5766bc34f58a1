package dashboards

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
)

// Chart is a server-built ECharts option, drawn by bdg.js. The option is
// JSON placed in an HTML attribute, so labels stay data: html/template
// escapes the attribute, ECharts draws text, and bdg.js escapes tooltips.
type Chart struct {
	ID     string
	Title  string
	Option string // JSON
	// Links are page URLs parallel to what a click hits (Click: the
	// category axis, the series, or the heatmap's y axis).
	Links string // JSON array
	Click string // "category", "series", "y" or ""
	Kind  string // "heatmap" for status tooltips; "" otherwise
	File  string // download file name, without extension
	// Height is the drawing's height in pixels when the default does not
	// fit (horizontal bars grow with the communes).
	Height int
	Lang   string // of the download buttons' labels; set when rendered
	// Unit follows value labels and tooltips ("%" for a ratio), or "".
	Unit string
}

// unitSuffix is what follows a chart's values: "%" for a ratio.
func unitSuffix(ind catalogue.Indicator) string {
	if ind.IsRatio() {
		return "%"
	}
	return ""
}

const accent = "#b0306a"

// palette is the series colours, the accent first.
func palette() []string {
	return []string{accent, "#2f6db3", "#2e8b57", "#d4862a", "#7b4fa8", "#1f9aa5", "#8a6d3b", "#c0504d",
		"#4f81bd", "#9bbb59", "#8064a2", "#4bacc6", "#f79646", "#5b6b7c"}
}

type optionMaker interface {
	Validate()
	JSON() map[string]interface{}
}

// finish turns a go-echarts chart into a Chart.
func finish(c optionMaker, ch *Chart) (*Chart, error) {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return nil, fmt.Errorf("dashboards: chart %s: %w", ch.ID, err)
	}
	ch.Option = string(b)
	if ch.Links == "" {
		ch.Links = "[]"
	}
	return ch, nil
}

func linksJSON(links []string) string {
	b, _ := json.Marshal(links)
	return string(b)
}

// common are the options every chart shares: a title with the period and
// the source (so a downloaded picture says what it shows), no animation.
// Downloads are labelled buttons under the chart ("Tải PNG", "Tải SVG"),
// not a toolbox that would cover the title on a phone.
func common(title, sub, file string, lang string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: sub, Left: "center",
			TitleStyle:    &opts.TextStyle{FontSize: 15},
			SubtitleStyle: &opts.TextStyle{FontSize: 11, LineHeight: 15, Color: "#5b6b7c"}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithColorsOpts(opts.Colors(palette())),
		charts.WithAnimation(false),
	}
}

func subtitle(area, periodLabel, lang string) string {
	return fmt.Sprintf("%s · %s\n%s", area, periodLabel, T(lang, "source"))
}

// val is a chart value: the number, or "-" (a gap) when there is none.
func val(v *float64) interface{} {
	if v == nil {
		return "-"
	}
	return *v
}

// horizontalFrom is how many communes make a comparison switch to
// horizontal bars, so that every name stays readable, on a phone too.
const horizontalFrom = 9

// communeBar is the sorted commune comparison bar chart with value labels,
// the area average and, where the catalogue has one, the target as lines;
// with a chosen base period, grouped bars (base and period per commune).
// More than eight communes are drawn as horizontal bars. A click opens the
// commune's page.
func communeBar(cmp *analytics.CommuneComparison, base bool, lang, area string) (*Chart, error) {
	title := cmp.Indicator.Name(lang)
	periodLabel := cmp.Period.Label(lang) + partLabel(cmp.PartYear, lang)
	file := fileName(title, cmp.Period.Label(lang))
	if base {
		periodLabel = cmp.Prev.Label(lang) + " – " + periodLabel
		file = fileName(title, cmp.Prev.Label(lang)+" "+cmp.Period.Label(lang))
	}
	var names, links []string
	var data, baseData []opts.BarData
	for _, r := range cmp.Rows {
		if r.Value == nil && (!base || r.Prev == nil) {
			continue
		}
		names = append(names, r.Name)
		links = append(links, communeURL(r.Code, cmp.Period.Era(), lang))
		data = append(data, opts.BarData{Name: r.Name, Value: val(r.Value)})
		baseData = append(baseData, opts.BarData{Name: r.Name, Value: val(r.Prev)})
	}
	horizontal := len(names) >= horizontalFrom
	bar := charts.NewBar()
	grid := opts.Grid{Top: "95", Bottom: "60", Left: "10", Right: "30", ContainLabel: opts.Bool(true)}
	catAxis := opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 35, Interval: "0"}}
	height := 0
	if horizontal {
		bar.XYReversal()
		// go-echarts keeps these options on x, the value axis once reversed;
		// bdg.js puts the first commune at the top of the category axis.
		catAxis = opts.XAxis{}
		grid.Right = "60"
		per := 22
		if base {
			per = 34
		}
		height = 160 + per*len(names)
	}
	legend := opts.Legend{Show: opts.Bool(base), Bottom: "0"}
	bar.SetGlobalOptions(append(common(title, subtitle(area, periodLabel, lang), file, lang),
		charts.WithLegendOpts(legend),
		charts.WithGridOpts(grid),
		charts.WithXAxisOpts(catAxis),
		charts.WithYAxisOpts(opts.YAxis{Name: cmp.Indicator.UnitLabel(lang)}),
	)...)
	position := "top"
	if horizontal {
		position = "right"
	}
	label := charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: position, FontSize: 10})
	seriesOpts := []charts.SeriesOpts{charts.WithItemStyleOpts(opts.ItemStyle{Color: accent}), label}
	var lines []refLine
	if cmp.Average != nil {
		name := T(lang, "average")
		if cmp.Indicator.IsRatio() {
			name = T(lang, "area.total")
		}
		lines = append(lines, refLine{name, *cmp.Average})
	}
	if tg := cmp.Indicator.Target; tg != nil {
		lines = append(lines, refLine{T(lang, "target"), tg.Value})
	}
	for _, l := range lines {
		if horizontal {
			seriesOpts = append(seriesOpts, charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: l.name, XAxis: l.value}))
		} else {
			seriesOpts = append(seriesOpts, charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: l.name, YAxis: l.value}))
		}
	}
	if len(lines) > 0 {
		seriesOpts = append(seriesOpts, charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: "#1d2733", Type: "dashed"}}))
	}
	bar.SetXAxis(names)
	if base {
		bar.AddSeries(cmp.Prev.Label(lang), baseData, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#9aa7b5"}), label)
		bar.AddSeries(cmp.Period.Label(lang), data, seriesOpts...)
	} else {
		bar.AddSeries(title, data, seriesOpts...)
	}
	click := "category"
	return finish(bar, &Chart{ID: "chart-compare", Title: title, Links: linksJSON(links), Click: click, File: file, Height: height, Unit: unitSuffix(cmp.Indicator)})
}

// refLine is a reference line drawn across bars: the average, a target.
type refLine struct {
	name  string
	value float64
}

// periodBars shows one indicator across periods, for the area or a commune.
func periodBars(pc *analytics.PeriodComparison, lang, area string) (*Chart, error) {
	title := pc.Indicator.Name(lang)
	who := area
	if pc.Commune != nil {
		who = pc.Commune.FullName()
	}
	var labels []string
	var data []opts.BarData
	for _, r := range pc.Rows {
		label := r.Period.Label(lang) + partLabel(r.PartYear, lang)
		labels = append(labels, label)
		d := opts.BarData{Name: label, Value: val(r.Value)}
		if r.Source != nil {
			d.ItemStyle = &opts.ItemStyle{Color: "#e3a6c2"} // summed or built: paler
		}
		data = append(data, d)
	}
	file := fileName(title, periodSpan(pc.Rows, lang))
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(common(title, subtitle(who, periodSpan(pc.Rows, lang), lang), file, lang),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "95", Bottom: "30", Left: "10", Right: "30", ContainLabel: opts.Bool(true)}),
		// Every period labelled: on a phone the labels turn rather than vanish.
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotateFor(labels)}}),
		charts.WithYAxisOpts(opts.YAxis{Name: pc.Indicator.UnitLabel(lang)}),
	)...)
	bar.SetXAxis(labels).AddSeries(title, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: accent}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}))
	return finish(bar, &Chart{ID: "chart-periods", Title: title, File: file, Unit: unitSuffix(pc.Indicator)})
}

// rotateFor turns category labels when there are many; on a narrow
// screen bdg.js turns them when they do not fit side by side.
func rotateFor(labels []string) float64 {
	if len(labels) > 6 {
		return 30
	}
	return 0
}

func periodSpan(rows []analytics.PeriodValue, lang string) string {
	if len(rows) == 0 {
		return ""
	}
	if len(rows) == 1 {
		return rows[0].Period.Label(lang)
	}
	return rows[0].Period.Label(lang) + " – " + rows[len(rows)-1].Period.Label(lang)
}

// maxLines is how many lines a trend draws before it keeps the top 5
// communes and one line for the others.
const maxLines = 8

// reformStart is the first period of the 2025 communes, where the trend
// draws its marker: the reform took effect on 01/7/2025.
var reformStart = period.MustParse("2025-H2")

// trendLines draws one line per chosen commune and the area average per
// commune, all on one y-axis; more than eight communes become the top five
// (by their latest figure) and the average of the others. A vertical
// marker stands at 01/7/2025 when the periods cross the reform. A click
// on a commune's line opens its page.
func trendLines(tr *analytics.Trend, lang, area string) (*Chart, error) {
	title := tr.Indicator.Name(lang)
	var labels []string
	reformAt := ""
	for i, p := range tr.Periods {
		labels = append(labels, p.Label(lang))
		if reformAt == "" && i > 0 && crossesReform(tr.Periods[i-1], p) {
			reformAt = p.Label(lang)
		}
	}
	span := ""
	if len(tr.Periods) > 0 {
		span = tr.Periods[0].Label(lang) + " – " + tr.Periods[len(tr.Periods)-1].Label(lang)
	}
	file := fileName(title, span)
	line := charts.NewLine()
	axisLabel := &opts.AxisLabel{Interval: "0"} // every period labelled
	bottom := "70"
	if len(labels) > 6 {
		axisLabel.Rotate = 35
		bottom = "110"
	}
	line.SetGlobalOptions(append(common(title, subtitle(area, span, lang), file, lang),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "95", Bottom: bottom, Left: "10", Right: "30", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: axisLabel}),
		charts.WithYAxisOpts(opts.YAxis{Name: tr.Indicator.UnitLabel(lang)}),
	)...)
	line.SetXAxis(labels)
	series, others := topSeries(tr.Series, maxLines, 5)
	var links []string
	for _, s := range series {
		var data []opts.LineData
		for _, p := range s.Points {
			d := opts.LineData{Value: val(p.Value)}
			if p.Source != nil && p.Source.Reform != nil {
				d.Symbol = "emptyCircle" // summed from predecessors
				d.SymbolSize = 9
			}
			data = append(data, d)
		}
		line.AddSeries(s.Name, data, charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false)}))
		links = append(links, communeURL(s.Code, s.Era, lang))
	}
	if len(others) > 0 {
		var data []opts.LineData
		for i := range tr.Periods {
			var sum float64
			n := 0
			for _, s := range others {
				if v := s.Points[i].Value; v != nil {
					sum += *v
					n++
				}
			}
			if n == 0 {
				data = append(data, opts.LineData{Value: "-"})
				continue
			}
			data = append(data, opts.LineData{Value: sum / float64(n)})
		}
		line.AddSeries(fmt.Sprintf(T(lang, "trend.others"), len(others)), data,
			charts.WithLineStyleOpts(opts.LineStyle{Type: "dotted", Width: 2, Color: "#8a96a3"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: "#8a96a3"}))
		links = append(links, "")
	}
	var avg []opts.LineData
	for _, p := range tr.AreaAverage {
		avg = append(avg, opts.LineData{Value: val(p.Value)})
	}
	name := T(lang, "trend.average")
	if tr.Indicator.IsRatio() {
		name = T(lang, "area.total")
	}
	avgOpts := []charts.SeriesOpts{charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 3, Color: "#1d2733"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1d2733"})}
	if reformAt != "" {
		avgOpts = append(avgOpts,
			charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: T(lang, "reform.marker"), XAxis: reformAt}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
				LineStyle: &opts.LineStyle{Color: "#b3261e", Type: "solid", Width: 1.5}}))
	}
	line.AddSeries(name, avg, avgOpts...)
	return finish(line, &Chart{ID: "chart-trend", Title: title, Links: linksJSON(links), Click: "series", File: file, Unit: unitSuffix(tr.Indicator)})
}

// crossesReform reports whether 01/7/2025 falls between the start of a
// and the start of b.
func crossesReform(a, b period.Period) bool {
	r := reformStart.Start()
	return a.Start().Before(r) && !b.Start().Before(r)
}

// topSeries keeps every series when there are at most max; otherwise the
// top keep by their latest figure, and returns the rest as others.
func topSeries(all []analytics.Series, max, keep int) (top, others []analytics.Series) {
	if len(all) <= max {
		return all, nil
	}
	latest := func(s analytics.Series) float64 {
		for i := len(s.Points) - 1; i >= 0; i-- {
			if v := s.Points[i].Value; v != nil {
				return *v
			}
		}
		return -1
	}
	sorted := append([]analytics.Series(nil), all...)
	sort.SliceStable(sorted, func(i, j int) bool { return latest(sorted[i]) > latest(sorted[j]) })
	return sorted[:keep], sorted[keep:]
}

// statusValue codes report states for the heatmap's colours.
func statusValue(s string) int {
	switch s {
	case analytics.StatusOnTime:
		return 1
	case analytics.StatusLate:
		return 2
	case analytics.StatusPending:
		return 3
	case analytics.StatusMissing:
		return 4
	case analytics.StatusNotDue:
		return 5
	}
	return 0
}

// completenessHeatmap is the commune × period matrix; a click opens the
// commune's page.
func completenessHeatmap(c *analytics.Completeness, lang, area string) (*Chart, error) {
	title := T(lang, "completeness.heading")
	var xs []string
	for _, p := range c.Periods {
		xs = append(xs, twoLines(p.Period.Label(lang)))
	}
	var ys, links []string
	var data []opts.HeatMapData
	for y, r := range c.Rows {
		ys = append(ys, r.Name+eraMark(r.Era, lang))
		links = append(links, communeURL(r.Code, r.Era, lang))
		for x, cell := range r.Cells {
			if cell.Status == analytics.StatusNone {
				continue
			}
			data = append(data, opts.HeatMapData{Name: T(lang, "status."+cell.Status), Value: [3]int{x, y, statusValue(cell.Status)}})
		}
	}
	span := ""
	if len(c.Periods) > 0 {
		span = c.Periods[0].Period.Label(lang) + " – " + c.Periods[len(c.Periods)-1].Period.Label(lang)
	}
	file := fileName(title, span)
	hm := charts.NewHeatMap()
	pieces := []opts.Piece{
		{Min: 1, Max: 1, Color: "#2e8b57"}, {Min: 2, Max: 2, Color: "#e0a800"}, {Min: 3, Max: 3, Color: "#7fa7d9"},
		{Min: 4, Max: 4, Color: "#c0392b"}, {Min: 5, Max: 5, Color: "#d8dee6"},
	}
	hm.SetGlobalOptions(append(common(title, subtitle(area, span, lang), file, lang),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "95", Bottom: "50", Left: "130", Right: "20"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: xs, AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: ys, Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		charts.WithVisualMapOpts(opts.VisualMap{Type: "piecewise", Show: opts.Bool(false), Pieces: pieces, Min: 1, Max: 5}),
	)...)
	hm.AddSeries(title, data, charts.WithItemStyleOpts(opts.ItemStyle{BorderColor: "#fff", BorderWidth: 1}))
	return finish(hm, &Chart{ID: "chart-completeness", Title: title, Links: linksJSON(links), Click: "y", Kind: "heatmap", File: file})
}

// twoLines breaks a period label before its year, for narrow axis cells.
func twoLines(label string) string {
	if i := strings.LastIndex(label, " "); i > 0 {
		if j := strings.LastIndex(label[:i], " "); j > 0 {
			return label[:j] + "\n" + label[j+1:]
		}
	}
	return label
}

func eraMark(e period.Era, lang string) string {
	if e == period.EraPre2025 {
		return ""
	}
	return " (" + T(lang, "era.new.short") + ")"
}

// profileLine draws one indicator of a commune beside the area figure.
func profileLine(p *analytics.CommuneProfile, ind analytics.ProfileIndicator, lang, area string) (*Chart, error) {
	title := ind.Indicator.Name(lang)
	var labels []string
	var own, dist []opts.LineData
	for _, pt := range ind.Points {
		labels = append(labels, pt.Period.Label(lang))
		d := opts.LineData{Value: val(pt.Value)}
		if pt.Source != nil && pt.Source.Reform != nil {
			d.Symbol, d.SymbolSize = "emptyCircle", 9
		}
		own = append(own, d)
		dist = append(dist, opts.LineData{Value: val(pt.AreaAverage)})
	}
	span := ""
	if len(p.Periods) > 0 {
		span = p.Periods[0].Label(lang) + " – " + p.Periods[len(p.Periods)-1].Label(lang)
	}
	file := fileName(p.Unit.FullName()+" "+title, span)
	line := charts.NewLine()
	line.SetGlobalOptions(append(common(title, subtitle(p.Unit.FullName(), span, lang), file, lang),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "95", Bottom: "60", Left: "10", Right: "30", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotateFor(labels)}}),
		charts.WithYAxisOpts(opts.YAxis{Name: ind.Indicator.UnitLabel(lang)}),
	)...)
	line.SetXAxis(labels)
	line.AddSeries(p.Unit.Name, own, charts.WithItemStyleOpts(opts.ItemStyle{Color: accent}))
	distOpts := []charts.SeriesOpts{charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 2, Color: "#1d2733"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1d2733"})}
	// One y-axis: the area as its figure per commune, on the commune's scale.
	name := T(lang, "trend.average")
	if ind.Indicator.IsRatio() {
		name = area
	}
	line.AddSeries(name, dist, distOpts...)
	return finish(line, &Chart{ID: "chart-profile", Title: title, File: file, Unit: unitSuffix(ind.Indicator)})
}
