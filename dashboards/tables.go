package dashboards

import (
	"strconv"
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

// compareTable is the commune comparison as exported. Every header says
// what its column holds (period, unit), so no two are alike; a ratio's
// changes are in percentage points, a count's in its unit and percent; a
// change's cell is coloured by the indicator's direction in the XLSX.
func compareTable(cmp *analytics.CommuneComparison, base bool, lang, area string) *table {
	ind := cmp.Indicator
	ratio := ind.IsRatio()
	unit := ind.UnitLabel(lang)
	title := ind.Name(lang)
	periodLabel := cmp.Period.Label(lang) + partLabel(cmp.PartYear, lang)
	t := &table{Title: title, Period: periodLabel, Unit: unit, Area: area, Chart: "col", CatCol: 2, ValCols: []int{3}}
	t.Name = fileName(title, cmp.Period.Label(lang))
	prevHead, prevChange := T(lang, "col.prev"), T(lang, "col.changeprev")
	if base {
		prevHead, prevChange = T(lang, "col.base"), T(lang, "col.changebasis")
		t.Name = fileName(title, cmp.Prev.Label(lang)+" "+cmp.Period.Label(lang))
		t.ValCols = []int{4, 3} // grouped bars: base, then the period
	}
	changeUnit := " (" + unit + ")"
	if ratio {
		changeUnit = " (" + i18n.PointsUnit(lang) + ")"
	}
	t.Head = []string{T(lang, "col.rank"), T(lang, "col.code"), T(lang, "col.commune"),
		periodLabel + " (" + unit + ")"}
	if !ratio {
		t.Head = append(t.Head, T(lang, "col.share")+" (%)")
	}
	t.Head = append(t.Head, prevHead+": "+cmp.Prev.Label(lang)+" ("+unit+")", prevChange+changeUnit)
	if !ratio {
		t.Head = append(t.Head, prevChange+" (%)")
	}
	t.Head = append(t.Head, T(lang, "col.year")+": "+cmp.LastYear.Label(lang)+" ("+unit+")", T(lang, "col.changeyear")+changeUnit)
	if !ratio {
		t.Head = append(t.Head, T(lang, "col.changeyear")+" (%)")
	}
	t.Head = append(t.Head, T(lang, "col.note"))
	if base && !ratio {
		t.ValCols = []int{5, 3}
	}
	row := func(rank cell, code, name string, v, share, prev, chPrev, chPrevPct, year, chYear, chYearPct *float64, note string) []cell {
		out := []cell{rank, txt(code), txt(name), num(v)}
		if !ratio {
			out = append(out, num(share))
		}
		cp := colored(num(chPrev), verdictClass(ind, v, prev))
		out = append(out, num(prev), cp)
		if !ratio {
			out = append(out, colored(num(chPrevPct), verdictClass(ind, v, prev)))
		}
		out = append(out, num(year), colored(num(chYear), verdictClass(ind, v, year)))
		if !ratio {
			out = append(out, colored(num(chYearPct), verdictClass(ind, v, year)))
		}
		return append(out, txt(note))
	}
	for _, r := range cmp.Rows {
		rank := cell{}
		if r.Rank > 0 {
			rank = intc(r.Rank)
		}
		var notes []string
		if n := sourceNote(r.Source, lang); n != "" {
			notes = append(notes, n)
		}
		if r.PrevNote != nil || r.YearNote != nil {
			notes = append(notes, T(lang, "reform.note"))
		}
		t.Rows = append(t.Rows, row(rank, r.Code, fullName(r.Type, r.Name), r.Value, r.Share, r.Prev, r.ChangePrev, r.ChangePrevPct,
			r.LastYear, r.ChangeYear, r.ChangeYearPct, strings.Join(notes, "; ")))
	}
	var chPrev, chPrevPct, chYear, chYearPct *float64
	if cmp.Area != nil && cmp.AreaPrev != nil {
		d := *cmp.Area - *cmp.AreaPrev
		chPrev = &d
		if *cmp.AreaPrev != 0 {
			pc := 100 * d / *cmp.AreaPrev
			chPrevPct = &pc
		}
	}
	if cmp.Area != nil && cmp.AreaLastYear != nil {
		d := *cmp.Area - *cmp.AreaLastYear
		chYear = &d
		if *cmp.AreaLastYear != 0 {
			pc := 100 * d / *cmp.AreaLastYear
			chYearPct = &pc
		}
	}
	t.Rows = append(t.Rows, row(cell{}, "", T(lang, "area.total"), cmp.Area, nil, cmp.AreaPrev, chPrev, chPrevPct,
		cmp.AreaLastYear, chYear, chYearPct, ""))
	// The chart shows the communes, not the district total.
	t.chartRows = len(cmp.Rows)
	if cmp.Average != nil {
		t.Avg, t.AvgName = cmp.Average, T(lang, "average")
		if ratio {
			t.AvgName = T(lang, "area.total")
		}
	}
	if n := partNote(cmp.PartYear, lang); n != "" {
		t.Notes = append(t.Notes, n)
	}
	t.Notes = append(t.Notes, T(lang, "legend.flags"))
	if ratio {
		t.Notes = append(t.Notes, T(lang, "note.points"))
	}
	return t
}

func periodsTable(pc *analytics.PeriodComparison, lang, area string) *table {
	who := area
	if pc.Commune != nil {
		who = pc.Commune.FullName()
	}
	ind := pc.Indicator
	unit := ind.UnitLabel(lang)
	changeUnit := " (" + unit + ")"
	if ind.IsRatio() {
		changeUnit = " (" + i18n.PointsUnit(lang) + ")"
	}
	t := &table{Title: ind.Name(lang), Period: periodSpan(pc.Rows, lang),
		Unit: unit, Area: who, Chart: "col", CatCol: 0, ValCols: []int{2}}
	t.Name = fileName(t.Title, t.Period)
	t.Head = []string{T(lang, "filter.period"), T(lang, "col.code"), T(lang, "col.value") + " (" + unit + ")",
		T(lang, "col.changeprev") + changeUnit, T(lang, "col.changeprev") + " (%)",
		T(lang, "col.changebase") + changeUnit, T(lang, "col.changebase") + " (%)", T(lang, "col.note")}
	var prev *float64
	for i, r := range pc.Rows {
		label := r.Period.Label(lang) + partLabel(r.PartYear, lang)
		note := sourceNote(r.Source, lang)
		if r.PartYear != nil {
			note = strings.TrimLeft(note+"; "+T(lang, "partyear.short"), "; ")
		}
		var first *float64
		if len(pc.Rows) > 0 {
			first = pc.Rows[0].Value
		}
		cp, cb := cell{}, cell{}
		if i > 0 {
			cp = colored(num(r.ChangePrev), verdictClass(ind, r.Value, prev))
			cb = colored(num(r.ChangeBase), verdictClass(ind, r.Value, first))
		}
		t.Rows = append(t.Rows, []cell{txt(label), txt(r.Period.String()), num(r.Value), cp,
			num(r.ChangePrevPct), cb, num(r.ChangeBasePct), txt(note)})
		prev = r.Value
		if r.PartYear != nil {
			t.Notes = append(t.Notes, r.Period.Label(lang)+": "+partNote(r.PartYear, lang))
		}
	}
	t.Notes = append(t.Notes, T(lang, "legend.flags"))
	if ind.IsRatio() {
		t.Notes = append(t.Notes, T(lang, "note.points"))
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
	t := &table{Name: fileName(tr.Indicator.Name(lang), span), Title: tr.Indicator.Name(lang), Period: span,
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
	t := &table{Name: fileName(T(lang, "completeness.heading"), span), Title: T(lang, "completeness.heading"), Period: span, Area: area}
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
	t := &table{Name: fileName(p.Unit.FullName()+" "+p.Unit.Code, span), Title: p.Unit.FullName(), Period: span, Area: area}
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
	t := &table{Name: fileName(T(lang, "reports.heading"), area), Title: T(lang, "reports.heading"), Area: area}
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

func evidenceTable(rt *analytics.ReportText, names map[string]string, lang, area string) *table {
	t := &table{Name: fileName(fullName(rt.Report.CommuneType, rt.Report.CommuneName), rt.Report.Period.Label(lang)) + "_v" + strconv.Itoa(int(rt.Report.Version)), Title: fullName(rt.Report.CommuneType, rt.Report.CommuneName),
		Period: rt.Report.Period.Label(lang), Area: area}
	t.Head = []string{T(lang, "filter.indicator"), T(lang, "col.indicatorcode"), T(lang, "col.value"), T(lang, "col.evidence"), T(lang, "col.method")}
	for _, v := range rt.Values {
		name, ok := names[v.Indicator]
		if !ok {
			name = T(lang, "indicator.unknown")
		}
		t.Rows = append(t.Rows, []cell{txt(name), txt(v.Indicator), numv(v.Value), txt(v.Evidence), txt(i18n.MethodName(lang, v.Method))})
	}
	return t
}

func overviewTable(d *overviewData, lang, area string) *table {
	ov := d.Overview
	label := ov.Period.Label(lang) + partLabel(ov.PartYear, lang)
	t := &table{Title: T(lang, "overview.heading"), Period: label, Area: area}
	t.Name = fileName(t.Title, ov.Period.Label(lang))
	t.Head = []string{T(lang, "filter.indicator"), T(lang, "export.unit"), label, T(lang, "col.prev") + ": " + ov.Prev.Label(lang),
		T(lang, "col.changeprev"), T(lang, "col.changeprev") + " (%)", T(lang, "col.year") + ": " + ov.LastYear.Label(lang),
		T(lang, "col.changeyear"), T(lang, "col.changeyear") + " (%)"}
	for _, h := range ov.Headlines {
		ind := h.Indicator
		unit := ind.UnitLabel(lang)
		if ind.IsRatio() {
			unit += "; " + T(lang, "col.change") + ": " + i18n.PointsUnit(lang)
		}
		t.Rows = append(t.Rows, []cell{txt(ind.Name(lang)), txt(unit), num(h.Value), num(h.Prev),
			colored(num(h.ChangePrev), verdictClass(ind, h.Value, h.Prev)), num(h.ChangePrevPct), num(h.LastYear),
			colored(num(h.ChangeYear), verdictClass(ind, h.Value, h.LastYear)), num(h.ChangeYearPct)})
	}
	if n := partNote(ov.PartYear, lang); n != "" {
		t.Notes = append(t.Notes, n)
	}
	t.Notes = append(t.Notes, T(lang, "note.points"))
	return t
}
