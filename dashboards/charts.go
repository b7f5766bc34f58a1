package dashboards

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/bdg-district/bdg/analytics"
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
// the source (so a downloaded picture says what it shows), the toolbox with
// PNG download (bdg.js adds SVG), no animation.
func common(title, sub, file string, lang string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: sub, Left: "center",
			TitleStyle:    &opts.TextStyle{FontSize: 15},
			SubtitleStyle: &opts.TextStyle{FontSize: 11, LineHeight: 15, Color: "#5b6b7c"}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "10", Top: "0", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Type: "png", Name: file, Title: "PNG"},
		}}),
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

// communeBar is the sorted commune comparison bar chart with the district
// average as a line; a click opens the commune's page.
func communeBar(cmp *analytics.CommuneComparison, lang, area string) (*Chart, error) {
	title := cmp.Indicator.Name(lang)
	file := "bdg-" + cmp.Indicator.Code + "-" + cmp.Period.String()
	var names, links []string
	var data []opts.BarData
	for _, r := range cmp.Rows {
		if r.Value == nil {
			continue
		}
		names = append(names, r.Name)
		links = append(links, communeURL(r.Code, cmp.Period.Era(), lang))
		data = append(data, opts.BarData{Name: r.Name, Value: *r.Value})
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(common(title, subtitle(area, cmp.Period.Label(lang), lang), file, lang),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "95", Bottom: "90", Left: "60", Right: "30"}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 35, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: cmp.Indicator.UnitLabel(lang)}),
	)...)
	seriesOpts := []charts.SeriesOpts{charts.WithItemStyleOpts(opts.ItemStyle{Color: accent})}
	if cmp.Average != nil {
		name := T(lang, "average")
		if cmp.Indicator.IsRatio() {
			name = T(lang, "area.total")
		}
		seriesOpts = append(seriesOpts, charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{
			Name: name, YAxis: *cmp.Average}))
	}
	bar.SetXAxis(names).AddSeries(title, data, seriesOpts...)
	return finish(bar, &Chart{ID: "chart-compare", Title: title, Links: linksJSON(links), Click: "category", File: file})
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
		labels = append(labels, r.Period.Label(lang))
		d := opts.BarData{Name: r.Period.Label(lang), Value: val(r.Value)}
		if r.Source != nil {
			d.ItemStyle = &opts.ItemStyle{Color: "#e3a6c2"} // summed or built: paler
		}
		data = append(data, d)
	}
	file := "bdg-periods-" + pc.Indicator.Code
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(common(title, subtitle(who, periodSpan(pc.Rows, lang), lang), file, lang),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "95", Bottom: "60", Left: "60", Right: "30"}),
		charts.WithYAxisOpts(opts.YAxis{Name: pc.Indicator.UnitLabel(lang)}),
	)...)
	bar.SetXAxis(labels).AddSeries(title, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: accent}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}))
	return finish(bar, &Chart{ID: "chart-periods", Title: title, File: file})
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

// trendLines draws one line per chosen commune and the area line (on its
// own axis when the indicator is a count, as the area total dwarfs a
// commune); a click on a commune's line opens its page.
func trendLines(tr *analytics.Trend, lang, area string) (*Chart, error) {
	title := tr.Indicator.Name(lang)
	var labels []string
	for _, p := range tr.Periods {
		labels = append(labels, p.Label(lang))
	}
	span := ""
	if len(tr.Periods) > 0 {
		span = tr.Periods[0].Label(lang) + " – " + tr.Periods[len(tr.Periods)-1].Label(lang)
	}
	file := "bdg-trend-" + tr.Indicator.Code
	line := charts.NewLine()
	yAxes := opts.YAxis{Name: tr.Indicator.UnitLabel(lang)}
	line.SetGlobalOptions(append(common(title, subtitle(area, span, lang), file, lang),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "95", Bottom: "70", Left: "60", Right: "60"}),
		charts.WithYAxisOpts(yAxes),
	)...)
	line.SetXAxis(labels)
	separate := !tr.Indicator.IsRatio()
	if separate {
		line.ExtendYAxis(opts.YAxis{Name: T(lang, "area.total"), SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
	}
	var links []string
	for _, s := range tr.Series {
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
	var dist []opts.LineData
	for _, p := range tr.Area {
		dist = append(dist, opts.LineData{Value: val(p.Value)})
	}
	distOpts := []charts.SeriesOpts{charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 3, Color: "#1d2733"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1d2733"})}
	if separate {
		distOpts = append(distOpts, charts.WithLineChartOpts(opts.LineChart{YAxisIndex: 1}))
	}
	line.AddSeries(T(lang, "area.total"), dist, distOpts...)
	return finish(line, &Chart{ID: "chart-trend", Title: title, Links: linksJSON(links), Click: "series", File: file})
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
	file := "bdg-completeness"
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
		dist = append(dist, opts.LineData{Value: val(pt.Area)})
	}
	span := ""
	if len(p.Periods) > 0 {
		span = p.Periods[0].Label(lang) + " – " + p.Periods[len(p.Periods)-1].Label(lang)
	}
	file := "bdg-" + p.Unit.Code + "-" + ind.Indicator.Code
	line := charts.NewLine()
	line.SetGlobalOptions(append(common(title, subtitle(p.Unit.FullName(), span, lang), file, lang),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "95", Bottom: "60", Left: "60", Right: "60"}),
		charts.WithYAxisOpts(opts.YAxis{Name: ind.Indicator.UnitLabel(lang)}),
	)...)
	line.SetXAxis(labels)
	line.AddSeries(p.Unit.Name, own, charts.WithItemStyleOpts(opts.ItemStyle{Color: accent}))
	distOpts := []charts.SeriesOpts{charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 2, Color: "#1d2733"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1d2733"})}
	if !ind.Indicator.IsRatio() {
		line.ExtendYAxis(opts.YAxis{Name: area, SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
		distOpts = append(distOpts, charts.WithLineChartOpts(opts.LineChart{YAxisIndex: 1}))
	}
	line.AddSeries(area, dist, distOpts...)
	return finish(line, &Chart{ID: "chart-profile", Title: title, File: file})
}
