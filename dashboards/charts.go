package dashboards

import (
	"encoding/json"
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/bdg-district/bdg/analytics"
)

// Chart is a server-built ECharts option, drawn by bdg.js. The option is
// JSON placed in an HTML attribute, so labels stay data: html/template
// escapes the attribute and ECharts draws text, never HTML.
type Chart struct {
	ID     string
	Title  string
	Option string // JSON
	Codes  string // JSON array of commune codes, parallel to the categories
	Link   string // commune page prefix for clicks
}

// communeBar is the sorted commune comparison bar chart with the district
// average as a line.
func communeBar(cmp *analytics.CommuneComparison, lang, area string) (*Chart, error) {
	title := cmp.Indicator.Name(lang)
	sub := fmt.Sprintf("%s · %s · %s", area, cmp.Period.Label(lang), T(lang, "source"))
	var names, codes []string
	var data []opts.BarData
	for _, r := range cmp.Rows {
		if r.Value == nil {
			continue
		}
		names = append(names, r.Name)
		codes = append(codes, r.Code)
		data = append(data, opts.BarData{Name: r.Name, Value: *r.Value})
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: sub, Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "80", Bottom: "90", Left: "60", Right: "30"}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 35, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: cmp.Indicator.UnitLabel(lang)}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "10", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Type: "png",
				Name: "bdg-" + cmp.Indicator.Code + "-" + cmp.Period.String(), Title: "PNG"},
		}}),
		charts.WithAnimation(false),
	)
	seriesOpts := []charts.SeriesOpts{charts.WithItemStyleOpts(opts.ItemStyle{Color: "#b0306a"})}
	if cmp.Average != nil {
		seriesOpts = append(seriesOpts, charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{
			Name: T(lang, "average"), YAxis: *cmp.Average}))
	}
	bar.SetXAxis(names).AddSeries(title, data, seriesOpts...)
	bar.Validate()
	opt, err := json.Marshal(bar.JSON())
	if err != nil {
		return nil, fmt.Errorf("dashboards: chart: %w", err)
	}
	cj, _ := json.Marshal(codes)
	return &Chart{ID: "chart-compare", Title: title, Option: string(opt), Codes: string(cj), Link: "/communes/"}, nil
}
