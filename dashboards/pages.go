package dashboards

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/web"
)

// defaultIndicator is what the pages compare when nothing is chosen.
const defaultIndicator = "listeners_reached"

// communeURL is a commune's page, with its era (codes were reused in 2025).
func communeURL(code string, era period.Era, lang string) string {
	q := url.Values{}
	q.Set("era", string(era))
	if lang == "en" {
		q.Set("lang", "en")
	}
	return "/communes/" + url.PathEscape(code) + "?" + q.Encode()
}

// exportURL is the current view's URL with format set.
func exportURL(path string, q url.Values, format string) string {
	v := url.Values{}
	for k, vs := range q {
		v[k] = append([]string(nil), vs...)
	}
	v.Set("format", format)
	return path + "?" + v.Encode()
}

// reportNotFound answers a report id that does not exist (or that the
// caller may not see).
func reportNotFound() error {
	return apperr.NotFound("not_found", "id", "Không tìm thấy báo cáo", "Report not found")
}

// withChoices fills the shared parts of a page: periods and indicators for the
// filter forms.
func (h *Handler) withChoices(c *gin.Context, p *page) bool {
	ctx := c.Request.Context()
	var err error
	if p.Periods, err = h.an.PeriodChoices(ctx); err != nil {
		_ = c.Error(err)
		return false
	}
	cat, err := h.an.Catalogue(ctx)
	if err != nil {
		_ = c.Error(err)
		return false
	}
	p.Indicators = cat.All()
	p.Names = map[string]string{}
	for _, ind := range p.Indicators {
		p.Names[ind.Code] = ind.Name(p.Lang)
	}
	if p.Partial, err = h.an.PartYears(ctx, p.Periods); err != nil {
		_ = c.Error(err)
		return false
	}
	return true
}

func (h *Handler) overview(c *gin.Context) {
	ctx := c.Request.Context()
	p := h.newPage(c, "overview", T(Lang(c), "overview.heading"))
	per, ok, err := h.optionalPeriod(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	if !ok {
		if !h.export(c, gin.H{"overview": nil}, func() *table { return &table{Name: "bdg-overview"} }) {
			h.render(c, http.StatusOK, "overview", p)
		}
		return
	}
	ov, err := h.an.Overview(ctx, per)
	if err != nil {
		_ = c.Error(err)
		return
	}
	cmp, err := h.an.CompareCommunes(ctx, analytics.CommuneFilter{Period: per, Indicator: defaultIndicator})
	if err != nil {
		_ = c.Error(err)
		return
	}
	q, err := h.an.QualityFlags(ctx, analytics.QualityFilter{Period: per})
	if err != nil {
		_ = c.Error(err)
		return
	}
	data := &overviewData{Overview: ov, Compare: cmp, Quality: q, Names: map[string]string{}}
	if cat, err := h.an.Catalogue(ctx); err == nil {
		for _, ind := range cat.All() {
			data.Names[ind.Code] = ind.Name(p.Lang)
		}
	}
	if h.export(c, data, func() *table { return overviewTable(data, p.Lang, p.AreaName) }) {
		return
	}
	if p.Chart, err = communeBar(cmp, false, p.Lang, p.AreaName); err != nil {
		_ = c.Error(err)
		return
	}
	p.Data = data
	p.Filter.Period = per.String()
	if !h.withChoices(c, p) {
		return
	}
	h.render(c, http.StatusOK, "overview", p)
}

// overviewData is the overview page's data (and its JSON export).
type overviewData struct {
	Overview *analytics.Overview          `json:"overview"`
	Compare  *analytics.CommuneComparison `json:"compare"`
	Quality  *analytics.Quality           `json:"quality"`
	Names    map[string]string            `json:"-"` // indicator names in the page's language
}

func (h *Handler) compareCommunes(c *gin.Context) {
	p := h.newPage(c, "compare", T(Lang(c), "compare.heading"))
	cmp, err := h.loadCompareCommunes(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	base := c.Query("base") != ""
	if h.export(c, cmp, func() *table { return compareTable(cmp, base, p.Lang, p.AreaName) }) {
		return
	}
	if hasValues(cmp) {
		if p.Chart, err = communeBar(cmp, base, p.Lang, p.AreaName); err != nil {
			_ = c.Error(err)
			return
		}
	} else {
		p.Message = T(p.Lang, "empty.period")
	}
	p.Data = cmp
	p.Filter.Period, p.Filter.Indicator = cmp.Period.String(), cmp.Indicator.Code
	if base {
		p.Filter.Base = cmp.Prev.String()
	}
	if !h.withChoices(c, p) {
		return
	}
	h.render(c, http.StatusOK, "compare_communes", p)
}

func (h *Handler) loadCompareCommunes(c *gin.Context) (*analytics.CommuneComparison, error) {
	per, err := h.periodParam(c)
	if err != nil {
		return nil, err
	}
	f := analytics.CommuneFilter{Period: per, Indicator: c.DefaultQuery("indicator", defaultIndicator)}
	if s := c.Query("base"); s != "" {
		if f.Base, err = period.Parse(s); err != nil {
			return nil, badPeriod("base", s)
		}
	}
	return h.an.CompareCommunes(c.Request.Context(), f)
}

// hasValues reports whether any commune has a figure in a comparison.
func hasValues(cmp *analytics.CommuneComparison) bool {
	for _, r := range cmp.Rows {
		if r.Value != nil {
			return true
		}
	}
	return false
}

func (h *Handler) comparePeriods(c *gin.Context) {
	p := h.newPage(c, "periods", T(Lang(c), "periods.heading"))
	pc, f, err := h.loadComparePeriods(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	if h.export(c, pc, func() *table { return periodsTable(pc, p.Lang, p.AreaName) }) {
		return
	}
	if p.Chart, err = periodBars(pc, p.Lang, p.AreaName); err != nil {
		_ = c.Error(err)
		return
	}
	p.Data = pc
	for _, r := range pc.Rows {
		p.Filter.Periods = append(p.Filter.Periods, r.Period)
	}
	p.Filter.Indicator, p.Filter.Commune, p.Filter.Era = pc.Indicator.Code, f.Commune, string(f.Era)
	if !h.withChoices(c, p) || !h.withCommunes(c, p) {
		return
	}
	h.render(c, http.StatusOK, "compare_periods", p)
}

func (h *Handler) loadComparePeriods(c *gin.Context) (*analytics.PeriodComparison, analytics.PeriodFilter, error) {
	f := analytics.PeriodFilter{Indicator: c.DefaultQuery("indicator", defaultIndicator), Commune: c.Query("commune")}
	var err error
	if f.Periods, err = periodsParam(c); err != nil {
		return nil, f, err
	}
	if f.Era, err = eraParam(c); err != nil {
		return nil, f, err
	}
	if f.Commune != "" {
		if err := communeCode(f.Commune); err != nil {
			return nil, f, err
		}
	}
	if len(f.Periods) == 0 { // this half-year, the one before, the same one last year
		latest, ok, err := h.an.LatestPeriod(c.Request.Context())
		if err != nil {
			return nil, f, err
		}
		if ok {
			f.Periods = []period.Period{latest.SameLastYear(), latest.Prev(), latest}
		}
	}
	pc, err := h.an.ComparePeriods(c.Request.Context(), f)
	return pc, f, err
}

func (h *Handler) trends(c *gin.Context) {
	p := h.newPage(c, "trends", T(Lang(c), "trends.heading"))
	tr, f, err := h.loadTrends(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	if h.export(c, tr, func() *table { return trendTable(tr, p.Lang, p.AreaName) }) {
		return
	}
	if p.Chart, err = trendLines(tr, p.Lang, p.AreaName); err != nil {
		_ = c.Error(err)
		return
	}
	p.Data = tr
	for i := 1; i < len(tr.Periods); i++ {
		p.Reform = p.Reform || crossesReform(tr.Periods[i-1], tr.Periods[i])
	}
	p.Filter.Periods, p.Filter.Indicator, p.Filter.Communes, p.Filter.Era = tr.Periods, tr.Indicator.Code, f.Communes, string(tr.Era)
	if !h.withChoices(c, p) || !h.withCommunes(c, p) {
		return
	}
	h.render(c, http.StatusOK, "trends", p)
}

func (h *Handler) loadTrends(c *gin.Context) (*analytics.Trend, analytics.TrendFilter, error) {
	f := analytics.TrendFilter{Indicator: c.DefaultQuery("indicator", defaultIndicator), Communes: list(c, "communes")}
	var err error
	if f.Periods, err = periodsParam(c); err != nil {
		return nil, f, err
	}
	if f.Era, err = eraParam(c); err != nil {
		return nil, f, err
	}
	for _, code := range f.Communes {
		if err := communeCode(code); err != nil {
			return nil, f, err
		}
	}
	tr, err := h.an.Trends(c.Request.Context(), f)
	return tr, f, err
}

func (h *Handler) completeness(c *gin.Context) {
	p := h.newPage(c, "completeness", T(Lang(c), "completeness.heading"))
	cm, err := h.loadCompleteness(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	if h.export(c, cm, func() *table { return completenessTable(cm, p.Lang, p.AreaName) }) {
		return
	}
	if p.Chart, err = completenessHeatmap(cm, p.Lang, p.AreaName); err != nil {
		_ = c.Error(err)
		return
	}
	p.Data = cm
	for _, ps := range cm.Periods {
		p.Filter.Periods = append(p.Filter.Periods, ps.Period)
	}
	if !h.withChoices(c, p) {
		return
	}
	h.render(c, http.StatusOK, "completeness", p)
}

func (h *Handler) loadCompleteness(c *gin.Context) (*analytics.Completeness, error) {
	ps, err := periodsParam(c)
	if err != nil {
		return nil, err
	}
	return h.an.Completeness(c.Request.Context(), analytics.CompletenessFilter{Periods: ps})
}

func (h *Handler) commune(c *gin.Context) {
	p := h.newPage(c, "", "")
	prof, err := h.loadProfile(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	p.Title = prof.Unit.FullName()
	if h.export(c, prof, func() *table { return profileTable(prof, p.Lang, p.AreaName) }) {
		return
	}
	code := c.DefaultQuery("indicator", defaultIndicator)
	for _, ind := range prof.Indicators {
		if ind.Indicator.Code == code {
			ch, err := profileLine(prof, ind, p.Lang, p.AreaName)
			if err != nil {
				_ = c.Error(err)
				return
			}
			p.Chart = ch
		}
	}
	p.Data = prof
	p.Filter.Indicator, p.Filter.Era = code, string(prof.Unit.Era)
	if !h.withChoices(c, p) {
		return
	}
	h.render(c, http.StatusOK, "commune", p)
}

func (h *Handler) loadProfile(c *gin.Context) (*analytics.CommuneProfile, error) {
	code := c.Param("code")
	if err := communeCode(code); err != nil {
		return nil, err
	}
	era, err := eraParam(c)
	if err != nil {
		return nil, err
	}
	ps, err := periodsParam(c)
	if err != nil {
		return nil, err
	}
	return h.an.Profile(c.Request.Context(), analytics.ProfileFilter{Code: code, Era: era, Periods: ps})
}

func (h *Handler) reports(c *gin.Context) {
	p := h.newPage(c, "reports", T(Lang(c), "reports.heading"))
	list, f, err := h.loadReports(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	if h.export(c, list, func() *table { return reportsTable(list, p.Lang, p.AreaName) }) {
		return
	}
	p.Data = list
	if !f.Period.IsZero() {
		p.Filter.Period = f.Period.String()
	}
	p.Filter.Commune, p.Filter.Era, p.Filter.Status = f.Commune, string(f.Era), f.Status
	if !h.withChoices(c, p) {
		return
	}
	h.render(c, http.StatusOK, "reports", p)
}

func (h *Handler) loadReports(c *gin.Context) ([]analytics.ReportVersion, analytics.ReportFilter, error) {
	f := analytics.ReportFilter{Commune: c.Query("commune"), Status: c.Query("status")}
	if s := c.Query("period"); s != "" {
		per, err := period.Parse(s)
		if err != nil {
			return nil, f, badPeriod("period", s)
		}
		f.Period = per
	}
	if f.Commune != "" {
		if err := communeCode(f.Commune); err != nil {
			return nil, f, err
		}
	}
	var err error
	if f.Era, err = eraParam(c); err != nil {
		return nil, f, err
	}
	list, err := h.an.Reports(c.Request.Context(), f)
	if list == nil {
		list = []analytics.ReportVersion{}
	}
	return list, f, err
}

func (h *Handler) reportText(c *gin.Context) {
	p := h.newPage(c, "reports", "")
	rt, ok, err := h.an.Report(c.Request.Context(), c.Param("id"))
	if err != nil {
		_ = c.Error(err)
		return
	}
	if !ok {
		_ = c.Error(reportNotFound())
		return
	}
	if c.Query("format") != "" && c.Query("format") != "json" {
		if !h.withChoices(c, p) { // the indicators' names
			return
		}
	}
	if h.export(c, rt, func() *table { return evidenceTable(rt, p.Names, p.Lang, p.AreaName) }) {
		return
	}
	p.Title = rt.Report.CommuneType + " " + rt.Report.CommuneName + " · " + rt.Report.Period.Label(p.Lang)
	spans := make([]web.Span, len(rt.Values))
	for i, v := range rt.Values {
		spans[i] = web.Span{Indicator: v.Indicator, Start: v.Start, End: v.End}
	}
	p.Data = &reportTextData{ReportText: rt, Segments: web.Highlight(rt.Text, spans)}
	if p.Names == nil && !h.withChoices(c, p) {
		return
	}
	h.render(c, http.StatusOK, "report_text", p)
}

// reportTextData is a report's text cut into plain and highlighted parts.
type reportTextData struct {
	*analytics.ReportText
	Segments []web.Segment
}

func (h *Handler) withCommunes(c *gin.Context, p *page) bool {
	ctx := c.Request.Context()
	for _, era := range []period.Era{period.Era2025, period.EraPre2025} {
		list, err := h.an.Communes(ctx, era)
		if err != nil {
			_ = c.Error(err)
			return false
		}
		p.Communes = append(p.Communes, list...)
	}
	return true
}

// periodParam reads ?period=, defaulting to the latest published period.
func (h *Handler) periodParam(c *gin.Context) (period.Period, error) {
	p, ok, err := h.optionalPeriod(c)
	if err != nil || ok {
		return p, err
	}
	return period.MustParse("2024-H1"), nil
}

// optionalPeriod reads ?period=, else the latest published period; ok is
// false when there is none yet.
func (h *Handler) optionalPeriod(c *gin.Context) (period.Period, bool, error) {
	if s := c.Query("period"); s != "" {
		p, err := period.Parse(s)
		if err != nil {
			return p, false, badPeriod("period", s)
		}
		return p, true, nil
	}
	return h.an.LatestPeriod(c.Request.Context())
}
