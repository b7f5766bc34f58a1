// Package review serves the pages where reports come in and are decided
// on: upload a narrative report, type a commune's figures, import a filled
// template; the officers' inbox of versions waiting for a decision; one
// version with its text beside its values (evidence highlighted), the
// validation rules it fails, corrections, publishing as a decision
// (override with a reason, warnings acknowledged, the change against what
// is published), restoring an old version; and a commune's own list of
// submissions with what is due.
package review

import (
	"context"
	"embed"
	"html/template"
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
	Waiting(ctx context.Context, communes []string) ([]model.Report, error)
}

// Area is the monitored area as the pages need it: its communes, a unit's
// name, when a period's reports are due, and an area figure.
type Area interface {
	Communes(ctx context.Context, era period.Era) ([]units.Unit, error)
	Unit(ctx context.Context, era period.Era, code string) (units.Unit, bool, error)
	Deadline(p period.Period) time.Time
	AreaValue(ctx context.Context, p period.Period, code string) (*float64, error)
}

// Handler serves the review pages.
type Handler struct {
	svc   *ingest.Service
	st    Store
	area  Area
	site  *web.Site
	pages *web.Templates
	now   func() time.Time
	badge badgeCache
}

// New parses the templates once, inside the site's one layout, and gives
// the site the inbox count for the navigation.
func New(svc *ingest.Service, st Store, area Area, site *web.Site, now func() time.Time) *Handler {
	if now == nil {
		now = time.Now
	}
	h := &Handler{svc: svc, st: st, area: area, site: site, now: now}
	funcs := template.FuncMap{
		"t":        T,
		"num":      func(v float64, lang string) string { return i18n.FormatNumber(v, lang) },
		"numInput": numInput,
		"status":   func(lang, s string) string { return T(lang, "status."+s) },
		"method":   i18n.MethodName,
		"source":   i18n.SourceKind,
		"pick":     i18n.Pick,
		"split":    i18n.Bilingual,
		"list":     func(s ...string) []string { return s },
		// lastRow is the last of the rows a table value adds up.
		"lastRow": func(c *extract.Cell) int { return c.Row + c.Rows - 1 },
	}
	h.pages = site.Parse(templateFiles, funcs, []string{"templates/parts.html"},
		"upload", "form", "import", "report", "inbox", "mine")
	site.WithBadges(h.badges)
	return h
}

// Routes registers the review pages.
func Routes(r gin.IRoutes, h *Handler) {
	r.GET("/review", h.inbox)
	r.GET("/review/mine", h.mine)
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
	r.POST("/review/:id/restore", h.restore)
	r.POST("/review/:id/withdraw", h.withdraw)
}

// APIRoutes registers the inbox's JSON twin on a /api/v1 group.
func APIRoutes(r gin.IRoutes, h *Handler) {
	r.GET("/review", h.apiInbox)
}

// page is what every review template gets.
type page struct {
	*web.Page
	Communes   []units.Unit
	Indicators []catalogue.Indicator
	Periods    []period.Period
	Form       formState
	Problems   []string
	Imported   []ingest.Result
	Data       any
}

// formState is what a form showed: what was typed survives an error, and
// each error stands beside its field.
type formState struct {
	Commune, Period string
	Values          map[string]string
	Errors          map[string]string // field → message
}

func (h *Handler) newPage(c *gin.Context, nav, titleKey string) *page {
	lang := i18n.Lang(c)
	return &page{Page: h.site.NewPage(c, nav, T(lang, titleKey)),
		Form: formState{Values: map[string]string{}, Errors: map[string]string{}}}
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
	if who := web.WhoFrom(c); who.Owner() != nil {
		return units.Only(list, who.CommuneIn(era))
	}
	return list
}

// allCommunes lists the communes of both eras (a form can be for any period).
func (h *Handler) allCommunes(c *gin.Context) []units.Unit {
	return append(h.communes(c, period.Era2025), h.communes(c, period.EraPre2025)...)
}

// fail shows a user's mistake on the page it came from, with what was
// typed and the message beside its field, and leaves any other error (the
// database) to the error middleware.
func (h *Handler) fail(c *gin.Context, p *page, name string, err error) {
	ae, ok := apperr.As(err)
	if !ok {
		web.Abort(c, err)
		return
	}
	msg := ae.Message(p.Lang)
	if ae.Field != "" {
		p.Form.Errors[ae.Field] = msg
	}
	p.Error = msg
	for _, pr := range ae.Problems {
		p.Problems = append(p.Problems, pr.Message(p.Lang))
	}
	h.render(c, ae.HTTPStatus(), name, p)
}

// periodChoices are the periods a form offers, newest first: the years,
// halves, nine months and quarters of the last three years that have
// started. Anything else can be typed.
func periodChoices(now time.Time) []period.Period {
	var out []period.Period
	for y := now.Year(); y >= now.Year()-2; y-- {
		for _, p := range []period.Period{{Year: y, Kind: period.Year}, {Year: y, Kind: period.NineMonths},
			{Year: y, Kind: period.Half, N: 2}, {Year: y, Kind: period.Half, N: 1},
			{Year: y, Kind: period.Quarter, N: 4}, {Year: y, Kind: period.Quarter, N: 3},
			{Year: y, Kind: period.Quarter, N: 2}, {Year: y, Kind: period.Quarter, N: 1}} {
			if !p.Start().After(now) {
				out = append(out, p)
			}
		}
	}
	return out
}

// numInput writes a value for a form field the Vietnamese way people type
// it (1500 as "1500", 33.3 as "33,3": no thousands dots, which the form
// would read back as they are anyway).
func numInput(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

func forbidden() *apperr.Error {
	return apperr.Forbidden("forbidden_commune", "commune", "Bạn chỉ được nộp số liệu của xã mình.", "You may only submit your own commune's figures.")
}
