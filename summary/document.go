package summary

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// Issuer is who signs the report: the header's issuing body, the number's
// suffix, the place of the date line, the signer's title and recipients.
type Issuer struct {
	Body       string // "UBND HUYỆN BẮC SƠN"
	Office     string // "PHÒNG VĂN HÓA - XÃ HỘI"
	OfficeName string // "Phòng Văn hóa - Xã hội huyện Bắc Sơn", inside sentences
	Code       string // "VHXH", as in "Số: …/BC-VHXH"
	Place      string // "Bắc Sơn"
	Signer     string // "TRƯỞNG PHÒNG"
	Recipients []string
}

// areaTypes are the type words an area's name starts with.
var areaTypes = []string{"Thành phố ", "Thị xã ", "Huyện ", "Quận ", "Tỉnh "}

// placeOf is an area's name without its type word ("Bắc Sơn").
func placeOf(areaName string) string {
	for _, t := range areaTypes {
		if rest, ok := strings.CutPrefix(areaName, t); ok {
			return rest
		}
	}
	return areaName
}

// DefaultIssuer is the office that reports for the area: a district's
// Phòng Văn hóa - Xã hội, a province's Sở Nội vụ (which took over gender
// equality on 1 July 2025). office, when set, replaces the office's name.
func DefaultIssuer(a analytics.Area, areaName, lang, office string) Issuer {
	place := placeOf(areaName)
	var iss Issuer
	switch {
	case a.Level == "province" && lang == "en":
		iss = Issuer{Body: strings.ToUpper(place) + " PROVINCIAL PEOPLE'S COMMITTEE", Office: "DEPARTMENT OF HOME AFFAIRS", Code: "SNV",
			OfficeName: "the Department of Home Affairs of " + place + " province",
			Signer:     "DIRECTOR", Recipients: []string{"Ministry of Home Affairs (for reporting);", "Provincial People's Committee (for reporting);", "Archive: VT, SNV."}}
	case a.Level == "province":
		iss = Issuer{Body: "UBND " + strings.ToUpper(areaName), Office: "SỞ NỘI VỤ", Code: "SNV", OfficeName: "Sở Nội vụ " + lowerFirst(areaName),
			Signer: "GIÁM ĐỐC", Recipients: []string{"Bộ Nội vụ (b/c);", "UBND tỉnh (b/c);", "Lưu: VT, SNV."}}
	case lang == "en":
		iss = Issuer{Body: strings.ToUpper(place) + " DISTRICT PEOPLE'S COMMITTEE", Office: "DIVISION OF CULTURE AND SOCIAL AFFAIRS", Code: "VHXH",
			OfficeName: "the Division of Culture and Social Affairs of " + place + " district",
			Signer:     "HEAD OF DIVISION", Recipients: []string{"Provincial Department of Home Affairs (for reporting);", "District People's Committee (for reporting);", "Archive: VT, VHXH."}}
	default:
		iss = Issuer{Body: "UBND " + strings.ToUpper(areaName), Office: "PHÒNG VĂN HÓA - XÃ HỘI", Code: "VHXH",
			OfficeName: "Phòng Văn hóa - Xã hội " + lowerFirst(areaName),
			Signer:     "TRƯỞNG PHÒNG", Recipients: []string{"Sở Nội vụ (b/c);", "UBND huyện (b/c);", "Lưu: VT, VHXH."}}
	}
	iss.Place = place
	if office != "" { // as the office writes its name: "Phòng Lao động - Thương binh và Xã hội"
		iss.Office, iss.OfficeName = strings.ToUpper(office), office
	}
	return iss
}

// lowerFirst lowers a label's first letter for the middle of a sentence
// ("6 tháng đầu năm 2024", "năm 2024", "huyện Bắc Sơn").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}

// layout is one rendering of a report: the data, the language, and the
// numbering of tables and figures as they are placed.
type layout struct {
	d      *Data
	lang   string
	iss    Issuer
	doc    *docx
	tables int
	charts int
	// vals is each commune's row of each comparison: code → indicator → row.
	vals  map[string]map[string]*analytics.CommuneValue
	names map[string]units.Unit // the period's communes by code
}

// Render writes the report as a Word document in lang ("vi" or "en").
func Render(w io.Writer, d *Data, lang string, iss Issuer) error {
	l := &layout{d: d, lang: lang, iss: iss, doc: newDocx(), vals: map[string]map[string]*analytics.CommuneValue{},
		names: map[string]units.Unit{}}
	for _, u := range d.Communes {
		l.names[u.Code] = u
		l.vals[u.Code] = map[string]*analytics.CommuneValue{}
	}
	for code, cmp := range d.Compare {
		for i := range cmp.Rows {
			r := &cmp.Rows[i]
			if m, ok := l.vals[r.Code]; ok {
				m[code] = r
			}
		}
	}
	l.header()
	l.reporting()
	if err := l.results(); err != nil {
		return err
	}
	l.notes()
	l.signature()
	l.doc.EndSection(false)
	l.appendix()
	m := meta{Title: msg(lang, "doc.kind") + " " + fmt.Sprintf(msg(lang, "doc.subject"), lowerFirst(d.Period.Label(lang))),
		Subject: d.AreaName, Lang: lang, Created: d.At}
	return l.doc.Write(w, m, true)
}

func (l *layout) t(key string) string { return msg(l.lang, key) }

func (l *layout) pick(vi, en string) string { return i18n.Pick(l.lang, vi, en) }

// periodText is the period's label inside a sentence.
func (l *layout) periodText(p period.Period) string { return lowerFirst(p.Label(l.lang)) }

// areaText is the area's name inside a sentence ("huyện Bắc Sơn", "Bắc
// Sơn district").
func (l *layout) areaText() string {
	if l.lang == "en" {
		return placeOf(l.d.AreaName) + " " + l.d.Area.Level
	}
	return lowerFirst(l.d.AreaName)
}

func (l *layout) totalLabel() string {
	if l.d.Area.Level == "province" {
		return l.t("total.province")
	}
	return l.t("total.district")
}

// header is the official header table, the title and the opening line.
func (l *layout) header() {
	center := func(runs ...run) para { return para{Runs: runs, Align: "center", After: -1} }
	left := cell{Paras: []para{
		center(run{Text: l.iss.Body, Size: 26}),
		center(run{Text: l.iss.Office, Bold: true, Underline: true, Size: 26}),
		center(),
		center(run{Text: fmt.Sprintf(l.t("doc.number"), l.iss.Code), Size: 26}),
	}}
	right := cell{Paras: []para{
		center(run{Text: l.t("motto.country"), Bold: true, Size: 24}),
		center(run{Text: l.t("motto.words"), Bold: true, Underline: true, Size: 26}),
		center(),
		center(run{Text: fmt.Sprintf(l.t("doc.date"), l.iss.Place), Italic: true, Size: 26}),
	}}
	l.doc.Table(table{Widths: []int{3700, portraitWidth - 3700}, Rows: [][]cell{{left, right}}})
	l.doc.P(para{Runs: []run{{Text: l.t("doc.kind")}}, Style: "Title"})
	l.doc.P(para{Runs: []run{{Text: fmt.Sprintf(l.t("doc.subject"), l.periodText(l.d.Period)), Bold: true}}, Align: "center", After: 240})
	l.doc.Text(fmt.Sprintf(l.t("doc.intro"), l.areaText(), l.periodText(l.d.Period)))
}

// communeWord is how the area's communes are called: "xã, thị trấn"
// from the types present.
func (l *layout) communeWord() string {
	if l.lang == "en" {
		return "communes"
	}
	seen := map[string]bool{}
	for _, u := range l.d.Communes {
		seen[u.Type] = true
	}
	var out []string
	for _, t := range []string{"xã", "phường", "thị trấn", "đặc khu"} {
		if seen[t] {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return "xã"
	}
	return strings.Join(out, ", ")
}

// maxNamed bounds a list of communes named in a sentence; a province's
// may run to hundreds, and the table beside it names every one.
const maxNamed = 30

// named lists communes by name ("xã Vũ Lễ, thị trấn Bắc Sơn").
func (l *layout) named(codes []string) string {
	var parts []string
	for i, c := range codes {
		if i == maxNamed {
			parts = append(parts, fmt.Sprintf(l.pick("và %d đơn vị khác", "and %d more"), len(codes)-maxNamed))
			break
		}
		u, ok := l.names[c]
		if !ok {
			parts = append(parts, c)
			continue
		}
		parts = append(parts, u.Type+" "+u.Name)
	}
	return strings.Join(parts, ", ")
}

// reporting is part I: how many communes reported, on time, late, pending
// review, missing, with the late and missing ones named.
func (l *layout) reporting() {
	d := l.d
	l.doc.Heading(1, l.t("part.reporting"))
	if len(d.Reporting) > 1 {
		l.doc.Text(fmt.Sprintf(l.pick("Số liệu %s được tổng hợp từ báo cáo 6 tháng của các xã.", "The figures for %s are built from the communes' half-year reports."),
			l.periodText(d.Period)))
	}
	asOf := i18n.FormatDate(d.At.In(i18n.Vietnam))
	for i, ps := range d.Reporting {
		// The deadline is the first moment a report is late; the last day to send it is the day before.
		due := i18n.FormatDueDate(ps.Deadline)
		l.doc.Text(l.pick(
			fmt.Sprintf("Kỳ báo cáo %s: %s có %d %s phải báo cáo, hạn gửi báo cáo ngày %s.", l.periodText(ps.Period), (&sayer{d: d, lang: l.lang}).scope(), ps.Expected, l.communeWord(), due),
			fmt.Sprintf("%s: %d communes of %s were due to report by %s.", ps.Period.Label(l.lang), ps.Expected, (&sayer{d: d, lang: l.lang}).scope(), due)))
		var late string
		switch {
		case ps.Reported == 0:
			late = ""
		case ps.Late == 0:
			late = l.pick(", tất cả đều đúng hạn", ", all on time")
		case ps.OnTime == 0:
			late = fmt.Sprintf(l.pick(", tất cả đều nộp muộn (%s)", ", all late (%s)"), l.named(ps.LateCodes))
		default:
			late = fmt.Sprintf(l.pick(", trong đó %d xã gửi đúng hạn và %d xã gửi muộn (%s)", ": %d on time and %d late (%s)"), ps.OnTime, ps.Late, l.named(ps.LateCodes))
		}
		l.doc.Text(fmt.Sprintf(l.pick("Tính đến ngày %s, %d/%d xã đã gửi báo cáo và được công bố%s.", "By %s, %d of %d communes had sent a report that was published%s."),
			asOf, ps.Reported, ps.Expected, late))
		if pend := d.Pending[i]; len(pend) > 0 {
			l.doc.Text(fmt.Sprintf(l.pick("%d xã đã gửi báo cáo, đang chờ rà soát, chưa được tính vào số liệu: %s.", "%d communes have sent a report that awaits review and is not counted yet: %s."),
				len(pend), l.named(pend)))
		}
		switch {
		case ps.Missing > 0:
			l.doc.Text(fmt.Sprintf(l.pick("%d xã chưa gửi báo cáo: %s.", "%d communes have not reported: %s."), ps.Missing, l.named(ps.MissingCodes)))
		case ps.NotDue == 0 && len(d.Pending[i]) == 0:
			l.doc.Text(l.pick("Không có xã nào chưa gửi báo cáo.", "No commune failed to report."))
		}
		if ps.NotDue > 0 {
			l.doc.Text(fmt.Sprintf(l.pick("%d xã chưa gửi báo cáo, chưa đến hạn.", "%d communes have not reported yet; their report is not due."), ps.NotDue))
		}
	}
}

// change writes a change for a table: "+460 (+4,1%)" for a count, "+2,5
// điểm %" for a ratio, "–" when either side is unknown (as the pages do).
func (l *layout) change(ind catalogue.Indicator, now, before *float64) string {
	return i18n.FormatChange(now, before, ind.IsRatio(), l.lang)
}

// num writes a value for a table cell ("–" when not stated).
func (l *layout) num(v *float64) string {
	if v == nil {
		return "–"
	}
	return i18n.FormatNumber(*v, l.lang)
}

func (l *layout) header1(text string) cell {
	return cell{Paras: []para{{Runs: []run{{Text: text, Bold: true}}, Align: "center"}}, Fill: "E7E6E6"}
}

func textCell(text, align string, bold bool) cell {
	return cell{Paras: []para{{Runs: []run{{Text: text, Bold: bold}}, Align: align}}}
}

func (l *layout) caption(text string) {
	l.doc.P(para{Runs: []run{{Text: text}}, Style: "Caption"})
}

// drawCharts draws every group's chart, two at a time: drawing and PNG
// encoding are most of a report's time, and each chart is independent.
func (l *layout) drawCharts() (map[string]*chartImage, error) {
	out := make(map[string]*chartImage, len(groups))
	var mu sync.Mutex
	var first error
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for _, g := range groups {
		cmp, ok := l.d.Compare[g.Chart]
		if !ok {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			img, err := barChart(cmp, l.d.AreaName, l.lang)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && first == nil {
				first = err
			}
			out[g.Chart] = img
		}()
	}
	wg.Wait()
	return out, first
}

// results is part II: one subsection per indicator group.
func (l *layout) results() error {
	l.doc.Heading(1, l.t("part.results"))
	drawn, err := l.drawCharts()
	if err != nil {
		return err
	}
	if py := l.areaPartYear(); py != nil {
		// The area has only part of the year: every comparison below is
		// with the same months of the year before (as on the pages).
		l.doc.Text(l.pick("Lưu ý: ", "Note: ") + py.Note(l.lang))
	} else if part := l.partYearCommunes(); len(part) > 0 {
		l.doc.Text(fmt.Sprintf(l.pick("Lưu ý: %s chưa đủ kỳ đối với %s (mới có số liệu một kỳ 6 tháng); các so sánh với năm trước dưới đây chỉ có giá trị tham khảo.",
			"Note: %s is a part year for %s (one half-year only); the comparisons with the previous year below are indicative only."),
			l.periodText(l.d.Period), l.named(part)))
	}
	n := 0
	for _, g := range groups {
		var inds []catalogue.Indicator
		for _, code := range g.Codes {
			if c, ok := l.d.Compare[code]; ok {
				inds = append(inds, c.Indicator)
			}
		}
		if len(inds) == 0 { // a catalogue without the group's indicators
			continue
		}
		n++
		l.doc.Heading(2, fmt.Sprintf("%d. %s", n, l.t("group."+g.Key)))
		for _, s := range g.Say(&sayer{d: l.d, lang: l.lang}) {
			l.doc.Text(s)
		}
		l.areaTable(inds)
		l.communeTable(inds)
		if img := drawn[g.Chart]; img != nil {
			l.charts++
			l.doc.Picture(img.PNG, img.Width, img.Height, portraitWidth, img.Title)
			l.doc.P(para{Runs: []run{{Text: fmt.Sprintf(l.t("figure"), l.charts, img.Title), Italic: true, Size: 22}}, Align: "center"})
		}
	}
	return nil
}

// areaTable is a group's area figures against the previous period and the
// same period last year.
func (l *layout) areaTable(inds []catalogue.Indicator) {
	d := l.d
	l.tables++
	l.caption(fmt.Sprintf(l.t("table.area"), l.tables, (&sayer{d: l.d, lang: l.lang}).scope()))
	both := d.Prev != d.LastYear
	head := []cell{l.header1(l.t("col.indicator")), l.header1(l.t("col.unit")), l.header1(d.Period.Label(l.lang)),
		l.header1(d.Prev.Label(l.lang)), l.header1(l.t("col.change"))}
	widths := []int{3600, 1000, 1400, 1400, 1671}
	if both {
		head = append(head, l.header1(d.LastYear.Label(l.lang)), l.header1(l.t("col.change")))
		widths = []int{2171, 750, 1000, 1000, 1575, 1000, 1575}
	}
	rows := [][]cell{head}
	for _, ind := range inds {
		c := d.Compare[ind.Code]
		row := []cell{textCell(ind.Name(l.lang), "", false), textCell(ind.UnitLabel(l.lang), "center", false),
			textCell(l.num(c.Area), "right", true), textCell(l.num(c.AreaPrev), "right", false),
			textCell(l.change(ind, c.Area, c.AreaPrev), "right", false)}
		if both {
			row = append(row, textCell(l.num(c.AreaLastYear), "right", false), textCell(l.change(ind, c.Area, c.AreaLastYear), "right", false))
		}
		rows = append(rows, row)
	}
	l.doc.Table(table{Widths: widths, Rows: rows, Header: 1, Borders: true, FontSize: 22, Name: "area"})
}

// communeTable is a group's figures by commune, one row per commune of the
// area in the period's era, then the area's total.
func (l *layout) communeTable(inds []catalogue.Indicator) {
	l.tables++
	l.caption(fmt.Sprintf(l.t("table.communes"), l.tables))
	const no, name = 560, 2300
	rest := portraitWidth - no - name
	widths := []int{no, name}
	head := []cell{l.header1(l.t("col.no")), l.header1(l.t("col.commune"))}
	for i, ind := range inds {
		w := rest / len(inds)
		if i == len(inds)-1 {
			w = rest - w*(len(inds)-1)
		}
		widths = append(widths, w)
		head = append(head, l.header1(ind.Name(l.lang)+" ("+ind.UnitLabel(l.lang)+")"))
	}
	rows := [][]cell{head}
	rows = append(rows, l.communeRows(inds)...)
	l.doc.Table(table{Widths: widths, Rows: rows, Header: 1, Borders: true, FontSize: 20, Name: "communes"})
}

// communeRows are the rows of a commune table, total last.
func (l *layout) communeRows(inds []catalogue.Indicator) [][]cell {
	var rows [][]cell
	for i, u := range l.d.Communes {
		row := []cell{textCell(fmt.Sprint(i+1), "center", false), textCell(u.FullName(), "", false)}
		for _, ind := range inds {
			var v *float64
			if r := l.vals[u.Code][ind.Code]; r != nil {
				v = r.Value
			}
			row = append(row, textCell(l.num(v), "right", false))
		}
		rows = append(rows, row)
	}
	total := []cell{{Span: 2, Paras: []para{{Runs: []run{{Text: l.totalLabel(), Bold: true}}, Align: "center"}}}}
	for _, ind := range inds {
		total = append(total, textCell(l.num(l.d.Compare[ind.Code].Area), "right", true))
	}
	return append(rows, total)
}

// maxFlags bounds the quality flags listed; the overview page lists all.
const maxFlags = 40

// notes is part III: flagged values, overridden rules, Σ sums of merged
// communes, part years, and how to read the figures.
func (l *layout) notes() {
	d := l.d
	l.doc.Heading(1, l.t("part.notes"))
	n := 0
	point := func(text string) {
		n++
		l.doc.Text(fmt.Sprintf("%d. %s", n, text))
	}
	line := func(text string) {
		l.doc.P(para{Runs: []run{{Text: "- " + text}}, Align: "both", Indent: true, After: 60})
	}

	flags := d.Quality.Flags
	if len(flags) == 0 {
		point(l.pick("Không phát hiện số liệu bất thường qua các kiểm tra tự động (so với các kỳ trước của xã, so với các xã khác, tỷ lệ ngoài 0–100%, số “trong đó” lớn hơn tổng).",
			"The automatic checks found no unusual figure (against the commune's own history, against the other communes, percentages outside 0–100, parts larger than their whole)."))
	} else {
		point(fmt.Sprintf(l.pick("Các kiểm tra tự động phát hiện %d số liệu cần lưu ý; các số liệu này vẫn được tính vào kết quả nêu trên:",
			"The automatic checks flagged %d figures to note; they are counted in the results above:"), len(flags)))
		for i, f := range flags {
			if i == maxFlags {
				line(fmt.Sprintf(l.pick("và %d trường hợp khác (xem trang Tổng quan của bdg).", "and %d more (see bdg's overview page)."), len(flags)-maxFlags))
				break
			}
			line(l.flagText(f))
		}
	}
	if d.HasOverrides && len(d.Overrides) > 0 {
		point(l.pick("Các quy tắc kiểm tra đã được cán bộ bỏ qua khi công bố số liệu, kèm lý do:", "Validation rules that officers overrode to publish figures, with their reasons:"))
		for _, o := range d.Overrides {
			who := o.Commune
			if u, ok := l.names[o.Commune]; ok {
				who = u.FullName()
			}
			line(fmt.Sprintf("%s — %s: %s (%s, %s)", who, o.Rule, o.Reason, o.By, i18n.FormatDate(o.At.In(i18n.Vietnam))))
		}
	}
	if sums, partial := l.reformNotes(); len(sums) > 0 {
		point(l.pick("Số liệu kỳ trước và cùng kỳ năm trước của các xã hình thành từ ngày 01/7/2025 là tổng số liệu của các xã cũ hợp thành (Σ): ",
			"Before 1 July 2025, the figures of the communes formed on that day are the sums of the former communes that made them up (Σ): ") + strings.Join(sums, "; ") + ".")
		if len(partial) > 0 {
			point(l.pick("Các xã cũ chỉ nhập một phần vào xã mới không được cộng, nên số liệu so sánh của xã mới thiếu phần tương ứng: ",
				"Former communes that went only in part into a new one are not added, so the new commune's earlier figures lack that part: ") + strings.Join(partial, "; ") + ".")
		}
	}
	if text := l.partYear(); text != "" {
		point(text)
	}
	point(fmt.Sprintf(l.pick("Số liệu trong báo cáo là số liệu đã được công bố trên bdg tính đến ngày %s. Dấu “–” là chỉ tiêu xã không báo cáo (khác với số 0). Tỷ lệ của %s được tính từ tổng tử số và tổng mẫu số của các xã, không lấy bình quân tỷ lệ các xã.",
		"The figures are those published in bdg by %s. A dash (–) is an indicator the commune did not report, which is not a zero. The ratios of %s are computed from the summed numerators and denominators of the communes, never as an average of the communes' ratios."),
		i18n.FormatDate(d.At.In(i18n.Vietnam)), (&sayer{d: d, lang: l.lang}).scope()))
}

// flagText is one flagged figure in words.
func (l *layout) flagText(f analytics.QualityFlag) string {
	name, value := f.Indicator, i18n.FormatNumber(f.Value, l.lang)
	if c, ok := l.d.Compare[f.Indicator]; ok {
		name = c.Indicator.Name(l.lang)
		if c.Indicator.IsRatio() {
			value = i18n.FormatPercent(f.Value, l.lang)
		} else {
			value += " " + c.Indicator.UnitLabel(l.lang)
		}
	}
	who := f.Type + " " + f.Name
	if u, ok := l.names[f.Code]; ok {
		who = u.FullName()
	}
	text := fmt.Sprintf("%s, %s: %s — %s", who, lowerFirst(name), value, lowerFirst(flagLabel(l.lang, f.Kind)))
	if f.Reference != nil {
		text += fmt.Sprintf(l.pick(" (mốc so sánh: %s)", " (reference: %s)"), i18n.FormatNumber(*f.Reference, l.lang))
	}
	return text + "."
}

// reformNotes lists each new commune's predecessors whose figures were
// summed, and the predecessors split in part (not added).
func (l *layout) reformNotes() (sums, partial []string) {
	notes := map[string]*analytics.ReformNote{}
	for _, cmp := range l.d.Compare {
		for _, r := range cmp.Rows {
			for _, n := range []*analytics.ReformNote{r.PrevNote, r.YearNote} {
				if n != nil && len(n.Predecessors) > 0 && notes[r.Code] == nil {
					notes[r.Code] = n
				}
			}
		}
	}
	codes := make([]string, 0, len(notes))
	for c := range notes {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	old := func(code string) string {
		if u, ok := l.d.Former[code]; ok {
			return u.Type + " " + u.Name
		}
		return code
	}
	for _, c := range codes {
		n := notes[c]
		var whole []string
		for _, p := range n.Predecessors {
			if !contains(n.Partial, p) {
				whole = append(whole, old(p))
			}
		}
		who := c
		if u, ok := l.names[c]; ok {
			who = u.FullName()
		}
		sums = append(sums, who+" = Σ("+strings.Join(whole, ", ")+")")
		for _, p := range n.Partial {
			partial = append(partial, fmt.Sprintf(l.pick("%s (một phần vào %s)", "%s (in part into %s)"), old(p), who))
		}
	}
	return sums, partial
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// areaPartYear is the area's part year, if the report's period is one.
func (l *layout) areaPartYear() *analytics.PartYear {
	for _, cmp := range l.d.Compare {
		if cmp.PartYear != nil {
			return cmp.PartYear
		}
	}
	return nil
}

// partYearCommunes lists the communes whose year figure was built from
// one half-year only (chưa đủ kỳ).
func (l *layout) partYearCommunes() []string {
	if l.d.Period.Kind != period.Year {
		return nil
	}
	seen := map[string]bool{}
	for _, cmp := range l.d.Compare {
		for _, r := range cmp.Rows {
			if r.Source != nil && r.Source.Incomplete {
				seen[r.Code] = true
			}
		}
	}
	var codes []string
	for c := range seen {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// partYear explains a year made of half-years, and a year with only one.
func (l *layout) partYear() string {
	d := l.d
	if d.Period.Kind != period.Year {
		return ""
	}
	built := false
	for _, cmp := range d.Compare {
		for _, r := range cmp.Rows {
			if r.Source != nil && len(r.Source.FromPeriods) > 0 {
				built = true
			}
		}
	}
	var parts []string
	if built {
		parts = append(parts, fmt.Sprintf(l.pick("Số liệu %s của các xã được tổng hợp từ các kỳ báo cáo 6 tháng (các chỉ tiêu số lượng được cộng, các chỉ tiêu về cán bộ và mô hình lấy số của kỳ sau cùng).",
			"The figures for %s are built from the communes' half-year reports (counts are added; staff and models take the latest half-year)."), l.periodText(d.Period)))
	}
	if py := l.areaPartYear(); py != nil {
		parts = append(parts, py.Note(l.lang))
	} else if codes := l.partYearCommunes(); len(codes) > 0 {
		parts = append(parts, fmt.Sprintf(l.pick("Chưa đủ kỳ: số liệu %s của %s chỉ gồm một kỳ 6 tháng, nên so sánh với năm trước chỉ có giá trị tham khảo.",
			"Part year: the %s figures of %s cover one half-year only, so comparisons with the previous year are indicative only."), l.periodText(d.Period), l.named(codes)))
	}
	return strings.Join(parts, " ")
}

// flagLabel names a quality flag as the overview page does.
func flagLabel(lang, kind string) string { return dashboards.T(lang, "flag."+kind) }

// signature is the closing line, the recipients and the space for the
// office to sign.
func (l *layout) signature() {
	l.doc.Text(l.pick(fmt.Sprintf(msg("vi", "closing"), l.periodText(l.d.Period), l.iss.OfficeName),
		fmt.Sprintf(msg("en", "closing"), l.iss.OfficeName, l.periodText(l.d.Period))))
	recipients := []para{{Runs: []run{{Text: l.t("recipients"), Bold: true, Italic: true, Size: 24}}, After: -1}}
	for _, r := range l.iss.Recipients {
		recipients = append(recipients, para{Runs: []run{{Text: "- " + r, Size: 22}}, After: -1})
	}
	sign := []para{
		{Runs: []run{{Text: l.iss.Signer, Bold: true}}, Align: "center", After: -1},
		{Runs: []run{{Text: l.t("sign.note"), Italic: true, Size: 24}}, Align: "center", After: -1},
		{After: -1}, {After: -1}, {After: -1}, {After: -1},
	}
	l.doc.Table(table{Widths: []int{4300, portraitWidth - 4300}, Rows: [][]cell{{{Paras: recipients}, {Paras: sign}}}})
}

// appendix is every indicator by commune, on landscape pages.
func (l *layout) appendix() {
	d := l.d
	l.doc.P(para{Runs: []run{{Text: l.t("appendix")}}, Style: "Title"})
	l.doc.P(para{Runs: []run{{Text: fmt.Sprintf(l.t("appendix.title"), l.periodText(d.Period)), Bold: true}}, Align: "center", After: -1})
	l.doc.P(para{Runs: []run{{Text: fmt.Sprintf(l.t("appendix.attached"), l.iss.Code, l.iss.OfficeName), Italic: true, Size: 24}}, Align: "center", After: 200})
	inds := d.Cat.All()
	var key []string
	for i, ind := range inds {
		key = append(key, fmt.Sprintf("(%d) %s (%s)", i+1, ind.Name(l.lang), ind.UnitLabel(l.lang)))
	}
	l.doc.P(para{Runs: []run{{Text: l.t("appendix.key"), Bold: true, Size: 20}}, After: -1})
	half := (len(key) + 1) / 2
	var keyRows [][]cell
	for i := 0; i < half; i++ {
		row := []cell{{Paras: []para{{Runs: []run{{Text: key[i], Size: 18}}, After: -1}}}, {}}
		if i+half < len(key) {
			row[1] = cell{Paras: []para{{Runs: []run{{Text: key[i+half], Size: 18}}, After: -1}}}
		}
		keyRows = append(keyRows, row)
	}
	l.doc.Table(table{Widths: []int{landscapeWidth / 2, landscapeWidth - landscapeWidth/2}, Rows: keyRows})
	const no, name = 500, 2000
	rest := landscapeWidth - no - name
	widths := []int{no, name}
	head := []cell{l.header1(l.t("col.no")), l.header1(l.t("col.commune"))}
	for i := range inds {
		w := rest / len(inds)
		if i == len(inds)-1 {
			w = rest - w*(len(inds)-1)
		}
		widths = append(widths, w)
		head = append(head, l.header1(fmt.Sprintf("(%d)", i+1)))
	}
	rows := [][]cell{head}
	rows = append(rows, l.communeRows(inds)...)
	l.doc.Table(table{Widths: widths, Rows: rows, Header: 1, Borders: true, FontSize: 17, Name: "appendix"})
	l.doc.P(para{Runs: []run{{Text: sourceLine(l.lang), Italic: true, Size: 20}}})
}
