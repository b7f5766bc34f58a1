package dashboards

import (
	"strings"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/i18n"
)

// The export tables: each view's data as a header block and a grid, shared
// by the CSV and XLSX exports.

func fullName(typ, name string) string {
	if typ == "" {
		return name
	}
	r := []rune(typ)
	return strings.ToUpper(string(r[0])) + string(r[1:]) + " " + name
}

func unitOf(ind interface{ UnitLabel(string) string }, lang string) string {
	return ind.UnitLabel(lang)
}

func compareTable(cmp *analytics.CommuneComparison, lang, area string) *table {
	t := &table{Name: "bdg-" + cmp.Indicator.Code + "-" + cmp.Period.String(), Title: cmp.Indicator.Name(lang),
		Period: cmp.Period.Label(lang), Unit: unitOf(cmp.Indicator, lang), Area: area, Chart: "col", CatCol: 2, ValCols: []int{3}}
	t.Head = []string{T(lang, "col.rank"), T(lang, "col.code"), T(lang, "col.commune"), T(lang, "col.value"),
		T(lang, "col.share") + " (%)", T(lang, "col.prev") + " (" + cmp.Prev.Label(lang) + ")", T(lang, "col.change"),
		T(lang, "col.change") + " (%)", T(lang, "col.year") + " (" + cmp.LastYear.Label(lang) + ")", T(lang, "col.change"),
		T(lang, "col.change") + " (%)", T(lang, "col.note")}
	for _, r := range cmp.Rows {
		rank := cell{}
		if r.Rank > 0 {
			rank = intc(r.Rank)
		}
		note := ""
		if r.PrevNote != nil || r.YearNote != nil {
			note = T(lang, "reform.note")
		}
		t.Rows = append(t.Rows, []cell{rank, txt(r.Code), txt(fullName(r.Type, r.Name)), num(r.Value), num(r.Share),
			num(r.Prev), num(r.ChangePrev), num(r.ChangePrevPct), num(r.LastYear), num(r.ChangeYear), num(r.ChangeYearPct), txt(note)})
	}
	t.Rows = append(t.Rows, []cell{{}, txt(""), txt(T(lang, "area.total")), num(cmp.Area), {}, num(cmp.AreaPrev), {}, {},
		num(cmp.AreaLastYear), {}, {}, txt("")})
	// The chart shows the communes, not the district total.
	t.chartRows = len(cmp.Rows)
	return t
}

func periodsTable(pc *analytics.PeriodComparison, lang, area string) *table {
	who := area
	if pc.Commune != nil {
		who = pc.Commune.FullName()
	}
	t := &table{Name: "bdg-periods-" + pc.Indicator.Code, Title: pc.Indicator.Name(lang), Period: periodSpan(pc.Rows, lang),
		Unit: unitOf(pc.Indicator, lang), Area: who, Chart: "col", CatCol: 0, ValCols: []int{2}}
	t.Head = []string{T(lang, "filter.period"), T(lang, "col.code"), T(lang, "col.value"), T(lang, "col.change"),
		T(lang, "col.change") + " (%)", T(lang, "col.changebase"), T(lang, "col.changebase") + " (%)", T(lang, "col.note")}
	for _, r := range pc.Rows {
		t.Rows = append(t.Rows, []cell{txt(r.Period.Label(lang)), txt(r.Period.String()), num(r.Value), num(r.ChangePrev),
			num(r.ChangePrevPct), num(r.ChangeBase), num(r.ChangeBasePct), txt(sourceNote(r.Source, lang))})
	}
	return t
}

func sourceNote(s *analytics.Source, lang string) string {
	if s == nil {
		return ""
	}
	var parts []string
	if s.Reform != nil {
		parts = append(parts, T(lang, "reform.note"))
		if len(s.Reform.Partial) > 0 {
			parts = append(parts, T(lang, "reform.partial")+": "+strings.Join(s.Reform.Partial, ", "))
		}
	}
	if len(s.FromPeriods) > 0 {
		parts = append(parts, T(lang, "year.from.halves"))
	}
	if s.Incomplete {
		parts = append(parts, T(lang, "year.incomplete"))
	}
	return strings.Join(parts, "; ")
}

func trendTable(tr *analytics.Trend, lang, area string) *table {
	span := ""
	if len(tr.Periods) > 0 {
		span = tr.Periods[0].Label(lang) + " – " + tr.Periods[len(tr.Periods)-1].Label(lang)
	}
	t := &table{Name: "bdg-trend-" + tr.Indicator.Code, Title: tr.Indicator.Name(lang), Period: span,
		Unit: unitOf(tr.Indicator, lang), Area: area, Chart: "line", CatCol: 0}
	t.Head = []string{T(lang, "filter.period")}
	for i, s := range tr.Series {
		t.Head = append(t.Head, fullName(s.Type, s.Name)+" ("+s.Code+")")
		t.ValCols = append(t.ValCols, i+1)
	}
	t.Head = append(t.Head, T(lang, "area.total"))
	if tr.Indicator.IsRatio() {
		t.ValCols = append(t.ValCols, len(tr.Series)+1)
	}
	for i, p := range tr.Periods {
		row := []cell{txt(p.Label(lang))}
		for _, s := range tr.Series {
			row = append(row, num(s.Points[i].Value))
		}
		row = append(row, num(tr.Area[i].Value))
		t.Rows = append(t.Rows, row)
	}
	return t
}

func completenessTable(cm *analytics.Completeness, lang, area string) *table {
	span := ""
	if len(cm.Periods) > 0 {
		span = cm.Periods[0].Period.Label(lang) + " – " + cm.Periods[len(cm.Periods)-1].Period.Label(lang)
	}
	t := &table{Name: "bdg-completeness", Title: T(lang, "completeness.heading"), Period: span, Area: area}
	t.Head = []string{T(lang, "col.code"), T(lang, "col.commune"), T(lang, "col.era")}
	for _, ps := range cm.Periods {
		t.Head = append(t.Head, ps.Period.Label(lang))
	}
	for _, r := range cm.Rows {
		row := []cell{txt(r.Code), txt(fullName(r.Type, r.Name)), txt(T(lang, "era."+string(r.Era)))}
		for _, c := range r.Cells {
			s := T(lang, "status."+c.Status)
			if c.Status == analytics.StatusNone {
				s = ""
			}
			row = append(row, txt(s))
		}
		t.Rows = append(t.Rows, row)
	}
	for _, key := range []string{"reported", "late", "missing"} {
		row := []cell{txt(""), txt(T(lang, "count."+key)), txt("")}
		for _, ps := range cm.Periods {
			n := map[string]int{"reported": ps.Reported, "late": ps.Late, "missing": ps.Missing}[key]
			row = append(row, intc(n))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func profileTable(p *analytics.CommuneProfile, lang, area string) *table {
	span := ""
	if len(p.Periods) > 0 {
		span = p.Periods[0].Label(lang) + " – " + p.Periods[len(p.Periods)-1].Label(lang)
	}
	t := &table{Name: "bdg-commune-" + p.Unit.Code + "-" + string(p.Unit.Era), Title: p.Unit.FullName(), Period: span, Area: area}
	t.Head = []string{T(lang, "filter.indicator"), T(lang, "export.unit")}
	for _, per := range p.Periods {
		t.Head = append(t.Head, per.Label(lang), per.Label(lang)+" – "+T(lang, "area.total"))
	}
	for _, ind := range p.Indicators {
		row := []cell{txt(ind.Indicator.Name(lang)), txt(ind.Indicator.UnitLabel(lang))}
		for _, pt := range ind.Points {
			row = append(row, num(pt.Value), num(pt.Area))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func reportsTable(list []analytics.ReportVersion, lang, area string) *table {
	t := &table{Name: "bdg-reports", Title: T(lang, "reports.heading"), Area: area}
	t.Head = []string{T(lang, "col.code"), T(lang, "col.commune"), T(lang, "filter.period"), T(lang, "col.version"),
		T(lang, "col.status"), T(lang, "col.source"), T(lang, "col.file"), T(lang, "col.sentby"), T(lang, "col.sentat"),
		T(lang, "col.values"), T(lang, "col.warnings"), "ID"}
	for _, r := range list {
		t.Rows = append(t.Rows, []cell{txt(r.Commune), txt(fullName(r.CommuneType, r.CommuneName)), txt(r.Period.Label(lang)),
			intc(int(r.Version)), txt(T(lang, "rstatus."+r.Status)), txt(r.SourceKind), txt(r.FileName), txt(r.SubmittedBy),
			txt(i18n.FormatDateTime(r.SubmittedAt)), intc(int(r.Values)), txt(strings.Join(r.Warnings, "; ")), txt(r.ID)})
	}
	return t
}

func evidenceTable(rt *analytics.ReportText, lang, area string) *table {
	t := &table{Name: "bdg-report-" + rt.Report.ID, Title: fullName(rt.Report.CommuneType, rt.Report.CommuneName),
		Period: rt.Report.Period.Label(lang), Area: area}
	t.Head = []string{T(lang, "filter.indicator"), T(lang, "col.value"), T(lang, "col.evidence"), T(lang, "col.method")}
	for _, v := range rt.Values {
		t.Rows = append(t.Rows, []cell{txt(v.Indicator), numv(v.Value), txt(v.Evidence), txt(v.Method)})
	}
	return t
}

func overviewTable(d *overviewData, lang, area string) *table {
	ov := d.Overview
	t := &table{Name: "bdg-overview-" + ov.Period.String(), Title: T(lang, "overview.heading"), Period: ov.Period.Label(lang), Area: area}
	t.Head = []string{T(lang, "filter.indicator"), T(lang, "export.unit"), ov.Period.Label(lang), ov.Prev.Label(lang),
		T(lang, "col.change") + " (%)", ov.LastYear.Label(lang), T(lang, "col.change") + " (%)"}
	for _, h := range ov.Headlines {
		t.Rows = append(t.Rows, []cell{txt(h.Indicator.Name(lang)), txt(h.Indicator.UnitLabel(lang)), num(h.Value), num(h.Prev),
			num(h.ChangePrevPct), num(h.LastYear), num(h.ChangeYearPct)})
	}
	return t
}
