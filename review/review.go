// Package review serves the officer's ingest pages: upload a narrative
// report, type a commune's figures, import a filled template, and review a
// report version with its text beside the extracted values (each value's
// evidence highlighted), correct it and publish it.
package review

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/ingest/extract"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
	"github.com/bdg-district/bdg/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Store is what the pages read directly.
type Store interface {
	Reports(ctx context.Context, f model.ReportFilter) ([]model.Report, error)
	Values(ctx context.Context, r model.Report) ([]model.Value, error)
	FileText(ctx context.Context, hash string) (name, text string, err error)
}

// Area lists the monitored communes.
type Area interface {
	Communes(ctx context.Context, era period.Era) ([]units.Unit, error)
	Unit(ctx context.Context, era period.Era, code string) (units.Unit, bool, error)
}

// Handler serves the review pages.
type Handler struct {
	svc   *ingest.Service
	st    Store
	area  Area
	site  *web.Site
	pages *web.Templates
}

// New parses the templates once, inside the site's one layout.
func New(svc *ingest.Service, st Store, area Area, site *web.Site) *Handler {
	funcs := template.FuncMap{
		"t": T,
		// lastRow is the last of the rows a table value adds up.
		"lastRow": func(c *extract.Cell) int { return c.Row + c.Rows - 1 },
		"label":   func(p period.Period, lang string) string { return p.Label(lang) },
		"date":    func(t time.Time) string { return i18n.FormatDateTime(t) },
	}
	pages := site.Parse(templateFiles, funcs, []string{"templates/head.html"}, "upload", "form", "import", "report")
	return &Handler{svc: svc, st: st, area: area, site: site, pages: pages}
}

// Routes registers the review pages.
func Routes(r gin.IRoutes, h *Handler) {
	r.GET("/review/upload", h.uploadForm)
	r.POST("/review/upload", h.upload)
	r.GET("/review/form", h.valuesForm)
	r.POST("/review/form", h.submitValues)
	r.GET("/review/import", h.importForm)
	r.POST("/review/import", h.importTable)
	r.GET("/review/template", h.template)
	r.GET("/review/:id", h.report)
	r.POST("/review/:id/correct", h.correct)
	r.POST("/review/:id/publish", h.publish)
}

// page is what every review template gets.
type page struct {
	*web.Page
	Communes    []units.Unit
	Indicators  []catalogue.Indicator
	Form        formState
	Problems    []string
	Imported    []ingest.Result
	Report      *model.Report
	CommuneName string
	Rows        []valueRow
	Segments    []web.Segment
	Versions    []model.Report
	Warnings    []string
}

type formState struct {
	Commune, Period string
	Values          map[string]string
}

func (h *Handler) newPage(c *gin.Context, nav, titleKey string) *page {
	lang := i18n.Lang(c)
	return &page{Page: h.site.NewPage(c, nav, T(lang, titleKey)), Form: formState{Values: map[string]string{}}}
}

func (h *Handler) render(c *gin.Context, status int, name string, p *page) {
	h.pages.Render(c, status, name, p)
}

// communes lists the area's communes of the era a reporter may use.
func (h *Handler) communes(c *gin.Context, era period.Era) []units.Unit {
	list, err := h.area.Communes(c.Request.Context(), era)
	if err != nil {
		return nil
	}
	if own := web.WhoFrom(c).OwnCommune(); own != "" {
		return units.Only(list, own)
	}
	return list
}

// allCommunes lists the communes of both eras (a form can be for any period).
func (h *Handler) allCommunes(c *gin.Context) []units.Unit {
	return append(h.communes(c, period.Era2025), h.communes(c, period.EraPre2025)...)
}

// fail shows a user's mistake on the page it came from, with what was
// typed, and leaves any other error (the database) to the error middleware.
func (h *Handler) fail(c *gin.Context, p *page, name string, err error) {
	ae, ok := apperr.As(err)
	if !ok {
		web.Abort(c, err)
		return
	}
	p.Error = ae.Message(p.Lang)
	for _, pr := range ae.Problems {
		p.Problems = append(p.Problems, pr.Message(p.Lang))
	}
	h.render(c, ae.HTTPStatus(), name, p)
}

func (h *Handler) uploadForm(c *gin.Context) {
	p := h.newPage(c, "upload", "upload.heading")
	p.Communes = h.allCommunes(c)
	h.render(c, http.StatusOK, "upload", p)
}

func (h *Handler) upload(c *gin.Context) {
	p := h.newPage(c, "upload", "upload.heading")
	p.Communes = h.allCommunes(c)
	who := web.WhoFrom(c)
	own := who.OwnCommune()
	name, data, err := ingest.ReadUpload(c, "file")
	if err != nil {
		h.fail(c, p, "upload", err)
		return
	}
	commune := c.PostForm("commune")
	if own != "" {
		if commune != "" && commune != own {
			h.fail(c, p, "upload", forbidden())
			return
		}
		commune = own
	}
	res, queued, err := h.svc.SubmitFileOrQueue(c.Request.Context(), ingest.FileSubmission{
		Name: name, Data: data, Commune: commune,
		Period: strings.TrimSpace(c.PostForm("period")), By: who.Name(), OwnOnly: own != ""})
	if err != nil {
		h.fail(c, p, "upload", err)
		return
	}
	if queued {
		p.Notice = T(p.Lang, "upload.queued") + " " + res.Report.ID
		h.render(c, http.StatusAccepted, "upload", p)
		return
	}
	c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(res.Report.ID)+p.Q)
}

func (h *Handler) valuesForm(c *gin.Context) {
	p := h.newPage(c, "form", "form.heading")
	p.Communes = h.allCommunes(c)
	p.Form.Commune, p.Form.Period = c.Query("commune"), c.Query("period")
	p.Indicators = h.svc.Catalogue(c.Request.Context()).All()
	h.render(c, http.StatusOK, "form", p)
}

func (h *Handler) submitValues(c *gin.Context) {
	p := h.newPage(c, "form", "form.heading")
	p.Communes = h.allCommunes(c)
	ctx := c.Request.Context()
	cat := h.svc.Catalogue(ctx)
	p.Indicators = cat.All()
	who := web.WhoFrom(c)
	p.Form.Commune, p.Form.Period = c.PostForm("commune"), strings.TrimSpace(c.PostForm("period"))
	fail := func(status int, msg string) {
		p.Error = msg
		h.render(c, status, "form", p)
	}
	if own := who.OwnCommune(); own != "" && p.Form.Commune != own {
		h.fail(c, p, "form", forbidden())
		return
	}
	per, err := period.Parse(p.Form.Period)
	if err != nil {
		fail(http.StatusBadRequest, T(p.Lang, "error.period"))
		return
	}
	var vals []model.Value
	for _, ind := range cat.All() {
		s := strings.TrimSpace(c.PostForm("v." + ind.Code))
		p.Form.Values[ind.Code] = s
		if s == "" {
			continue // not stated
		}
		v, ok := ingest.ParseNumber(s)
		if !ok {
			fail(http.StatusBadRequest, fmt.Sprintf("%s: %s", ind.Name(p.Lang), T(p.Lang, "error.number")))
			return
		}
		vals = append(vals, model.Value{Indicator: ind.Code, Value: v, Method: model.MethodTyped, Confidence: 1})
	}
	if len(vals) == 0 {
		fail(http.StatusBadRequest, T(p.Lang, "form.empty"))
		return
	}
	res, queued, err := h.svc.SubmitOrQueue(ctx, ingest.Submission{Commune: p.Form.Commune, Period: per, Values: vals, SourceKind: "form", By: who.Name()})
	if err != nil {
		h.fail(c, p, "form", err)
		return
	}
	if queued {
		p.Notice = T(p.Lang, "upload.queued") + " " + res.Report.ID
		h.render(c, http.StatusAccepted, "form", p)
		return
	}
	c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(res.Report.ID)+p.Q)
}

func (h *Handler) importForm(c *gin.Context) {
	p := h.newPage(c, "import", "import.heading")
	p.Form.Period = c.Query("period")
	h.render(c, http.StatusOK, "import", p)
}

func (h *Handler) template(c *gin.Context) {
	per := strings.TrimSpace(c.Query("period"))
	target := "/api/v1/templates/" + url.PathEscape(per) + ".xlsx"
	if _, err := period.Parse(per); err != nil {
		p := h.newPage(c, "import", "import.heading")
		p.Error = T(p.Lang, "error.period")
		h.render(c, http.StatusBadRequest, "import", p)
		return
	}
	c.Redirect(http.StatusSeeOther, target)
}

func (h *Handler) importTable(c *gin.Context) {
	p := h.newPage(c, "import", "import.heading")
	who := web.WhoFrom(c)
	name, data, err := ingest.ReadUpload(c, "file")
	if err != nil {
		h.fail(c, p, "import", err)
		return
	}
	var per period.Period
	p.Form.Period = strings.TrimSpace(c.PostForm("period"))
	if p.Form.Period != "" {
		if per, err = period.Parse(p.Form.Period); err != nil {
			p.Error = T(p.Lang, "error.period")
			h.render(c, http.StatusBadRequest, "import", p)
			return
		}
	}
	res, err := h.svc.ImportTable(c.Request.Context(), name, data, per, who.Name(), who.OwnCommune(), false)
	if err != nil {
		h.fail(c, p, "import", err)
		return
	}
	p.Imported = res
	h.render(c, http.StatusCreated, "import", p)
}

// valueRow is one indicator line of the review table; Cell says where a
// table value was read (its row and column), nil for a sentence's value.
type valueRow struct {
	Code, Name, Value, Method, Evidence, Confidence string
	Cell                                            *extract.Cell
}

func (h *Handler) load(c *gin.Context, p *page) (model.Report, bool) {
	ctx := c.Request.Context()
	list, err := h.st.Reports(ctx, model.ReportFilter{ID: c.Param("id")})
	if err != nil {
		web.Abort(c, err)
		return model.Report{}, false
	}
	if own := web.WhoFrom(c).OwnCommune(); len(list) == 0 || (own != "" && list[0].Commune != own) {
		web.Abort(c, apperr.NotFound("report_not_found", "id", "Không tìm thấy báo cáo", "Report not found"))
		return model.Report{}, false
	}
	return list[0], true
}

func (h *Handler) report(c *gin.Context) {
	ctx := c.Request.Context()
	p := h.newPage(c, "", "review.heading")
	r, ok := h.load(c, p)
	if !ok {
		return
	}
	p.Report = &r
	p.Warnings = r.Warnings
	if u, ok, _ := h.area.Unit(ctx, r.Era, r.Commune); ok {
		p.CommuneName = u.FullName()
	} else {
		p.CommuneName = r.Commune
	}
	cat := h.svc.Catalogue(ctx)
	vals, err := h.st.Values(ctx, r)
	if err != nil {
		web.Abort(c, err)
		return
	}
	byCode := map[string]model.Value{}
	for _, v := range vals {
		byCode[v.Indicator] = v
	}
	for _, ind := range cat.All() {
		row := valueRow{Code: ind.Code, Name: ind.Name(p.Lang)}
		if v, ok := byCode[ind.Code]; ok {
			row.Value = strconv.FormatFloat(v.Value, 'f', -1, 64)
			row.Method, row.Evidence = v.Method, v.Evidence
			if v.Method == model.MethodExtracted {
				row.Confidence = strconv.FormatFloat(v.Confidence, 'f', 2, 64)
			}
		}
		p.Rows = append(p.Rows, row)
	}
	if r.ContentHash != "" {
		if _, text, err := h.st.FileText(ctx, r.ContentHash); err == nil && text != "" {
			spans := make([]web.Span, 0, len(vals))
			cells := map[string]*extract.Cell{}
			for _, v := range vals {
				spans = append(spans, web.Span{Indicator: v.Indicator, Start: v.Start, End: v.End})
				// A value read from a table: find its cell again in the text.
				if v.Method == model.MethodExtracted {
					if c, ok := extract.CellAt(text, v.Start, v.End); ok {
						cells[v.Indicator] = &c
						spans = append(spans, web.Span{Indicator: v.Indicator, Start: c.Start, End: c.End, Cell: true})
					}
				}
			}
			for i := range p.Rows {
				p.Rows[i].Cell = cells[p.Rows[i].Code]
			}
			p.Segments = web.Highlight(text, spans)
		}
	}
	if p.Versions, err = h.st.Reports(ctx, model.ReportFilter{Era: r.Era, Communes: []string{r.Commune}, Period: r.Period.String()}); err != nil {
		web.Abort(c, err)
		return
	}
	h.render(c, http.StatusOK, "report", p)
}

func (h *Handler) correct(c *gin.Context) {
	ctx := c.Request.Context()
	p := h.newPage(c, "", "review.heading")
	r, ok := h.load(c, p)
	if !ok {
		return
	}
	old, err := h.st.Values(ctx, r)
	if err != nil {
		web.Abort(c, err)
		return
	}
	oldBy := map[string]float64{}
	for _, v := range old {
		oldBy[v.Indicator] = v.Value
	}
	cat := h.svc.Catalogue(ctx)
	corr := ingest.Correction{Values: map[string]float64{}, Note: c.PostForm("note"), By: web.WhoFrom(c).Name()}
	for _, ind := range cat.All() {
		s := strings.TrimSpace(c.PostForm("v." + ind.Code))
		prev, had := oldBy[ind.Code]
		switch {
		case s == "" && had:
			corr.Remove = append(corr.Remove, ind.Code)
		case s == "":
		default:
			v, ok := ingest.ParseNumber(s)
			if !ok {
				c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(r.ID)+p.Q)
				return
			}
			if !had || v != prev {
				corr.Values[ind.Code] = v
			}
		}
	}
	if len(corr.Values) == 0 && len(corr.Remove) == 0 {
		c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(r.ID)+p.Q)
		return
	}
	res, err := h.svc.Correct(ctx, r.ID, corr)
	if err != nil {
		web.Abort(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(res.Report.ID)+p.Q)
}

func (h *Handler) publish(c *gin.Context) {
	p := h.newPage(c, "", "review.heading")
	r, ok := h.load(c, p)
	if !ok {
		return
	}
	if _, err := h.svc.Publish(c.Request.Context(), r.ID, web.WhoFrom(c).Name()); err != nil {
		web.Abort(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(r.ID)+p.Q)
}

func forbidden() *apperr.Error {
	return apperr.Forbidden("forbidden_commune", "commune", "Bạn chỉ được nộp số liệu của xã mình.", "You may only submit your own commune's figures.")
}
