// Package review serves the officer's ingest pages: upload a narrative
// report, type a commune's figures, import a filled template, and review a
// report version with its text beside the extracted values (each value's
// evidence highlighted), correct it and publish it.
package review

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Store is what the pages read directly.
type Store interface {
	Reports(ctx context.Context, f model.ReportFilter) ([]model.Report, error)
	Values(ctx context.Context, r model.Report) ([]model.Value, error)
	FileText(ctx context.Context, hash string) (name, text string, err error)
	Catalogue(ctx context.Context) (*catalogue.Catalogue, error)
}

// Area lists the monitored communes.
type Area interface {
	Communes(ctx context.Context, era period.Era) ([]units.Unit, error)
	Unit(ctx context.Context, era period.Era, code string) (units.Unit, bool, error)
}

// Assets gives hashed asset URLs.
type Assets interface{ URL(name string) string }

// CSRF returns the hidden form field that protects a state-changing form
// (empty until authentication provides one).
type CSRF func(c *gin.Context) template.HTML

// Handler serves the review pages.
type Handler struct {
	svc   *ingest.Service
	st    Store
	area  Area
	who   ingest.Identity
	csrf  CSRF
	pages map[string]*template.Template
	log   *slog.Logger
	loc   *time.Location
}

// New parses the templates once.
func New(svc *ingest.Service, st Store, area Area, as Assets, who ingest.Identity, csrf CSRF, log *slog.Logger) *Handler {
	if who == nil {
		who = func(*gin.Context) (string, string) { return "anonymous", "" }
	}
	if csrf == nil {
		csrf = func(*gin.Context) template.HTML { return "" }
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		loc = time.FixedZone("ICT", 7*3600)
	}
	funcs := template.FuncMap{
		"t":     T,
		"asset": as.URL,
		"label": func(p period.Period, lang string) string { return p.Label(lang) },
		"date":  func(t time.Time) string { return t.In(loc).Format("02/01/2006 15:04") },
	}
	base := template.Must(template.New("layout").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html"))
	pages := map[string]*template.Template{}
	for _, n := range []string{"upload", "form", "import", "report"} {
		pages[n] = template.Must(template.Must(base.Clone()).ParseFS(templateFiles, "templates/"+n+".html"))
	}
	return &Handler{svc: svc, st: st, area: area, who: who, csrf: csrf, pages: pages, log: log, loc: loc}
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
	Lang, Title, Nav, Q, SwitchURL string
	Error                          string
	CSRF                           template.HTML
	Communes                       []units.Unit
	Indicators                     []catalogue.Indicator
	Form                           formState
	Problems                       []ingest.Error
	Imported                       []ingest.Result
	Report                         *model.Report
	CommuneName                    string
	Rows                           []valueRow
	Segments                       []segment
	Versions                       []model.Report
	Warnings                       []string
}

type formState struct {
	Commune, Period string
	Values          map[string]string
}

func lang(c *gin.Context) string { return i18n.Lang(c) }

func (h *Handler) newPage(c *gin.Context, nav, titleKey string) *page {
	p := &page{Lang: lang(c), Nav: nav, CSRF: h.csrf(c), Form: formState{Values: map[string]string{}}}
	p.Title, p.Q, p.SwitchURL = T(p.Lang, titleKey), i18n.LangQuery(p.Lang), i18n.SwitchURL(c, p.Lang)
	return p
}

func (h *Handler) render(c *gin.Context, status int, name string, p *page) {
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Status(status)
	if err := h.pages[name].ExecuteTemplate(c.Writer, "layout", p); err != nil {
		h.log.Error("render review page", "page", name, "err", err)
	}
}

// communes lists the area's communes of the era a reporter may use.
func (h *Handler) communes(c *gin.Context, era period.Era) []units.Unit {
	list, err := h.area.Communes(c.Request.Context(), era)
	if err != nil {
		return nil
	}
	if _, own := h.who(c); own != "" {
		var mine []units.Unit
		for _, u := range list {
			if u.Code == own {
				mine = append(mine, u)
			}
		}
		return mine
	}
	return list
}

// allCommunes lists the communes of both eras (a form can be for any period).
func (h *Handler) allCommunes(c *gin.Context) []units.Unit {
	return append(h.communes(c, period.Era2025), h.communes(c, period.EraPre2025)...)
}

// userError turns a service error into a message on the page, or false when
// it is not the user's mistake (then the error middleware answers).
func (h *Handler) userError(c *gin.Context, p *page, err error) (int, bool) {
	var ue *ingest.Error
	if errors.As(err, &ue) {
		p.Error = map[bool]string{true: ue.MessageEN, false: ue.MessageVI}[p.Lang == "en"]
		switch ue.Code {
		case "file_missing", "file_name", "file_unreadable":
			return http.StatusBadRequest, true
		case "too_large":
			return http.StatusRequestEntityTooLarge, true
		case "forbidden_commune":
			return http.StatusForbidden, true
		case "report_not_found":
			return http.StatusNotFound, true
		}
		return http.StatusUnprocessableEntity, true
	}
	var te *ingest.TableError
	if errors.As(err, &te) {
		p.Problems = te.Problems
		p.Error = T(p.Lang, "import.rejected")
		return http.StatusUnprocessableEntity, true
	}
	if errors.Is(err, ingest.ErrSpoolFull) || ingest.Unavailable(err) {
		p.Error = T(p.Lang, "error.unavailable")
		return http.StatusServiceUnavailable, true
	}
	return 0, false
}

// fail shows a user's mistake on the page it came from, and leaves any
// other error (the database) to the error middleware.
func (h *Handler) fail(c *gin.Context, p *page, name string, err error) {
	if status, ok := h.userError(c, p, err); ok {
		h.render(c, status, name, p)
		return
	}
	_ = c.Error(err)
}

func (h *Handler) uploadForm(c *gin.Context) {
	p := h.newPage(c, "upload", "upload.heading")
	p.Communes = h.allCommunes(c)
	h.render(c, http.StatusOK, "upload", p)
}

func (h *Handler) upload(c *gin.Context) {
	p := h.newPage(c, "upload", "upload.heading")
	p.Communes = h.allCommunes(c)
	user, own := h.who(c)
	name, data, err := ingest.ReadUpload(c, "file")
	if err != nil {
		status, _ := h.userError(c, p, err)
		h.render(c, status, "upload", p)
		return
	}
	commune := c.PostForm("commune")
	if own != "" {
		if commune != "" && commune != own {
			p.Error = T(p.Lang, "error.forbidden")
			h.render(c, http.StatusForbidden, "upload", p)
			return
		}
		commune = own
	}
	res, queued, err := h.svc.SubmitFileOrQueue(c.Request.Context(), ingest.FileSubmission{
		Name: name, Data: data, Commune: commune,
		Period: strings.TrimSpace(c.PostForm("period")), By: user, OwnOnly: own != ""})
	if err != nil {
		h.fail(c, p, "upload", err)
		return
	}
	if queued {
		p.Error = T(p.Lang, "upload.queued") + " " + res.Report.ID
		h.render(c, http.StatusAccepted, "upload", p)
		return
	}
	c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(res.Report.ID)+p.Q)
}

func (h *Handler) valuesForm(c *gin.Context) {
	p := h.newPage(c, "form", "form.heading")
	p.Communes = h.allCommunes(c)
	p.Form.Commune, p.Form.Period = c.Query("commune"), c.Query("period")
	cat, err := h.st.Catalogue(c.Request.Context())
	if err != nil {
		_ = c.Error(err)
		return
	}
	p.Indicators = cat.All()
	h.render(c, http.StatusOK, "form", p)
}

// parseNumber reads a typed number the Vietnamese way (1.500; 33,3) or plain.
func parseNumber(s string) (float64, bool) {
	if v, ok := ingest.ParseNumber(s); ok {
		return v, true
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func (h *Handler) submitValues(c *gin.Context) {
	p := h.newPage(c, "form", "form.heading")
	p.Communes = h.allCommunes(c)
	ctx := c.Request.Context()
	cat, err := h.st.Catalogue(ctx)
	if err != nil {
		_ = c.Error(err)
		return
	}
	p.Indicators = cat.All()
	user, own := h.who(c)
	p.Form.Commune, p.Form.Period = c.PostForm("commune"), strings.TrimSpace(c.PostForm("period"))
	fail := func(status int, msg string) {
		p.Error = msg
		h.render(c, status, "form", p)
	}
	if own != "" && p.Form.Commune != own {
		fail(http.StatusForbidden, T(p.Lang, "error.forbidden"))
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
		v, ok := parseNumber(s)
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
	res, queued, err := h.svc.SubmitOrQueue(ctx, ingest.Submission{Commune: p.Form.Commune, Period: per, Values: vals, SourceKind: "form", By: user})
	if err != nil {
		h.fail(c, p, "form", err)
		return
	}
	if queued {
		fail(http.StatusAccepted, T(p.Lang, "upload.queued")+" "+res.Report.ID)
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
	user, own := h.who(c)
	name, data, err := ingest.ReadUpload(c, "file")
	if err != nil {
		status, _ := h.userError(c, p, err)
		h.render(c, status, "import", p)
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
	res, err := h.svc.ImportTable(c.Request.Context(), name, data, per, user, own, false)
	if err != nil {
		h.fail(c, p, "import", err)
		return
	}
	p.Imported = res
	h.render(c, http.StatusCreated, "import", p)
}

// valueRow is one indicator line of the review table.
type valueRow struct {
	Code, Name, Value, Method, Evidence, Confidence string
}

// segment is a piece of the report text; Codes names the indicators whose
// evidence covers it, Anchors the indicators whose evidence starts here.
type segment struct {
	Text    string
	Codes   string
	Anchors []string
}

// segments cuts text at every evidence boundary (rune offsets).
func segments(text string, vals []model.Value) []segment {
	runes := []rune(text)
	cuts := map[int]bool{0: true, len(runes): true}
	for _, v := range vals {
		if v.End > v.Start && v.End <= len(runes) {
			cuts[v.Start], cuts[v.End] = true, true
		}
	}
	var at []int
	for k := range cuts {
		at = append(at, k)
	}
	sort.Ints(at)
	var out []segment
	for i := 0; i+1 < len(at); i++ {
		a, b := at[i], at[i+1]
		seg := segment{Text: string(runes[a:b])}
		var codes []string
		for _, v := range vals {
			if v.End > v.Start && v.End <= len(runes) {
				if v.Start <= a && b <= v.End {
					codes = append(codes, v.Indicator)
				}
				if v.Start == a {
					seg.Anchors = append(seg.Anchors, v.Indicator)
				}
			}
		}
		seg.Codes = strings.Join(codes, " ")
		out = append(out, seg)
	}
	return out
}

func (h *Handler) load(c *gin.Context, p *page) (model.Report, bool) {
	ctx := c.Request.Context()
	list, err := h.st.Reports(ctx, model.ReportFilter{ID: c.Param("id")})
	if err != nil {
		_ = c.Error(err)
		return model.Report{}, false
	}
	_, own := h.who(c)
	if len(list) == 0 || (own != "" && list[0].Commune != own) {
		p.Error = T(p.Lang, "review.notfound")
		h.render(c, http.StatusNotFound, "upload", p)
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
	cat, err := h.st.Catalogue(ctx)
	if err != nil {
		_ = c.Error(err)
		return
	}
	vals, err := h.st.Values(ctx, r)
	if err != nil {
		_ = c.Error(err)
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
			p.Segments = segments(text, vals)
		}
	}
	if p.Versions, err = h.st.Reports(ctx, model.ReportFilter{Era: r.Era, Communes: []string{r.Commune}, Period: r.Period.String()}); err != nil {
		_ = c.Error(err)
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
	user, _ := h.who(c)
	old, err := h.st.Values(ctx, r)
	if err != nil {
		_ = c.Error(err)
		return
	}
	oldBy := map[string]float64{}
	for _, v := range old {
		oldBy[v.Indicator] = v.Value
	}
	cat, err := h.st.Catalogue(ctx)
	if err != nil {
		_ = c.Error(err)
		return
	}
	corr := ingest.Correction{Values: map[string]float64{}, Note: c.PostForm("note"), By: user}
	for _, ind := range cat.All() {
		s := strings.TrimSpace(c.PostForm("v." + ind.Code))
		prev, had := oldBy[ind.Code]
		switch {
		case s == "" && had:
			corr.Remove = append(corr.Remove, ind.Code)
		case s == "":
		default:
			v, ok := parseNumber(s)
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
		h.fail(c, p, "upload", err)
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
	user, _ := h.who(c)
	if _, err := h.svc.Publish(c.Request.Context(), r.ID, user); err != nil {
		h.fail(c, p, "upload", err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(r.ID)+p.Q)
}
