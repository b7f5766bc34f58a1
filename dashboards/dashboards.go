// Package dashboards renders bdg's web pages: server-side go-echarts charts
// inside html/template pages, in Vietnamese first with an English switch.
package dashboards

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Analytics is what the pages ask of the analytics package.
type Analytics interface {
	CompareCommunes(ctx context.Context, f analytics.CommuneFilter) (*analytics.CommuneComparison, error)
	Periods(ctx context.Context) ([]period.Period, error)
	LatestPeriod(ctx context.Context) (period.Period, bool, error)
	Catalogue(ctx context.Context) (*catalogue.Catalogue, error)
	AreaName(ctx context.Context) string
}

// Assets gives the hashed URL of a static file.
type Assets interface{ URL(name string) string }

// Handler serves the dashboard pages.
type Handler struct {
	an    Analytics
	pages map[string]*template.Template
	log   *slog.Logger
}

// New parses the templates once.
func New(an Analytics, as Assets, log *slog.Logger) *Handler {
	funcs := template.FuncMap{
		"t":     T,
		"asset": as.URL,
		"label": func(p period.Period, lang string) string { return p.Label(lang) },
		"num": func(v *float64, lang string) string {
			if v == nil {
				return "–"
			}
			return FormatNumber(*v, lang)
		},
		"pct": func(v *float64, lang string) string {
			if v == nil {
				return "–"
			}
			return FormatPercent(*v, lang)
		},
	}
	base := template.Must(template.New("layout").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/chart.html"))
	pages := map[string]*template.Template{}
	for _, name := range []string{"overview", "compare_communes", "error"} {
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFiles, "templates/"+name+".html"))
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handler{an: an, pages: pages, log: log}
}

// Routes registers the pages.
func Routes(r gin.IRoutes, h *Handler) {
	r.GET("/", h.overview)
	r.GET("/compare/communes", h.compareCommunes)
}

// page is what every template gets.
type page struct {
	Lang       string
	Title      string
	Nav        string
	AreaName   string
	LangQuery  string // "?lang=en" or ""
	SwitchURL  string
	Message    string
	Data       any
	Chart      *Chart
	Periods    []period.Period
	Indicators []catalogue.Indicator
}

func (h *Handler) newPage(c *gin.Context, nav, title string) *page {
	lang := Lang(c)
	p := &page{Lang: lang, Nav: nav, Title: title, AreaName: h.an.AreaName(c.Request.Context())}
	if lang == "en" {
		p.LangQuery = "?lang=en"
	}
	// The switch keeps the current filters and flips only the language.
	q := c.Request.URL.Query()
	if lang == "en" {
		q.Set("lang", "vi")
	} else {
		q.Set("lang", "en")
	}
	p.SwitchURL = (&url.URL{Path: c.Request.URL.Path, RawQuery: q.Encode()}).String()
	if c.Query("lang") != "" {
		c.SetSameSite(http.SameSiteLaxMode)
		c.SetCookie("bdg_lang", lang, 365*24*3600, "/", "", false, true)
	}
	return p
}

func (h *Handler) render(c *gin.Context, status int, name string, p *page) {
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(status)
	if err := h.pages[name].ExecuteTemplate(c.Writer, "layout", p); err != nil {
		h.log.Error("render page", "page", name, "err", err)
	}
}

// RenderError shows an error page in the user's language.
func (h *Handler) RenderError(c *gin.Context, status int, msgKey string) {
	h.RenderErrorText(c, status, msgKey, "", "")
}

// RenderErrorText shows an error page with a general message and the
// specific reason in the user's language, when there is one.
func (h *Handler) RenderErrorText(c *gin.Context, status int, msgKey, vi, en string) {
	p := &page{Lang: Lang(c), Title: T(Lang(c), "error.heading")}
	if p.Lang == "en" {
		p.LangQuery = "?lang=en"
	}
	p.SwitchURL = "/"
	// The area name needs the database, which may be what failed.
	if status < 500 {
		p.AreaName = h.an.AreaName(c.Request.Context())
	}
	p.Message = T(p.Lang, msgKey)
	if reason := map[bool]string{true: en, false: vi}[p.Lang == "en"]; reason != "" && status < 500 {
		p.Message += ": " + reason
	}
	h.render(c, status, "error", p)
}
