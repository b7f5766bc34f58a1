// Package dashboards renders bdg's web pages: server-side go-echarts charts
// inside html/template pages, in Vietnamese first with an English switch
// (?lang=en, remembered in a cookie), and the JSON API that answers the same
// queries.
//
// Pages (filters live in the URL; each also answers ?format=csv|xlsx|json):
//
//	/                         overview: headline figures, completeness, flags (?period=)
//	/compare/communes         sorted bars with the district average (?period=&indicator=&base=)
//	/compare/periods          one indicator across periods (?indicator=&periods=&commune=&era=)
//	/trends                   lines per commune plus the district (?indicator=&periods=&communes=&era=)
//	/completeness             commune × period heatmap of report states (?periods=)
//	/communes/{code}          drill-down (?era=pre2025|2025&indicator=)
//	/reports                  report versions (?period=&status=&commune=&era=)
//	/reports/{id}/text        a report's text with each value's evidence marked (#ev-CODE)
//
// The API is mounted under /api/v1 and documented in openapi.json, served at
// /api/v1/openapi.json.
package dashboards

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
	"github.com/bdg-district/bdg/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Analytics is what the pages and the API ask of the analytics package.
type Analytics interface {
	Overview(ctx context.Context, p period.Period) (*analytics.Overview, error)
	CompareCommunes(ctx context.Context, f analytics.CommuneFilter) (*analytics.CommuneComparison, error)
	ComparePeriods(ctx context.Context, f analytics.PeriodFilter) (*analytics.PeriodComparison, error)
	Trends(ctx context.Context, f analytics.TrendFilter) (*analytics.Trend, error)
	Completeness(ctx context.Context, f analytics.CompletenessFilter) (*analytics.Completeness, error)
	Profile(ctx context.Context, f analytics.ProfileFilter) (*analytics.CommuneProfile, error)
	QualityFlags(ctx context.Context, f analytics.QualityFilter) (*analytics.Quality, error)
	Reports(ctx context.Context, f analytics.ReportFilter) ([]analytics.ReportVersion, error)
	Report(ctx context.Context, id string) (*analytics.ReportText, bool, error)
	Communes(ctx context.Context, era period.Era) ([]units.Unit, error)
	PartYears(ctx context.Context, ps []period.Period) (map[string]bool, error)
	PeriodChoices(ctx context.Context) ([]period.Period, error)
	LatestPeriod(ctx context.Context) (period.Period, bool, error)
	Catalogue(ctx context.Context) (*catalogue.Catalogue, error)
	AreaName(ctx context.Context) string
	Version(ctx context.Context) uint64
}

// Assets gives the hashed URL of a static file.
type Assets interface{ URL(name string) string }

// Handler serves the dashboard pages.
type Handler struct {
	an    Analytics
	site  *web.Site
	pages *web.Templates
	log   *slog.Logger
	resp  respCache
}

// New parses the templates once, inside the site's one layout.
func New(an Analytics, site *web.Site, log *slog.Logger) *Handler {
	funcs := template.FuncMap{
		"t": T,
		"datetimep": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return i18n.FormatDateTime(*t)
		},
		"communeURL": communeURL,
		"status":     func(lang, s string) string { return T(lang, "status."+s) },
		"value": func(v *float64, ratio bool, lang string) string {
			if v == nil {
				return "–"
			}
			if ratio {
				return i18n.FormatPercent(*v, lang)
			}
			return i18n.FormatNumber(*v, lang)
		},
		"exportURL": exportURL,
		"change": func(ind catalogue.Indicator, now, before *float64, lang string) string {
			return i18n.FormatChange(now, before, ind.IsRatio(), lang)
		},
		"verdict":    verdictClass,
		"partNote":   partNote,
		"dueDate":    i18n.FormatDueDate,
		"sub":        func(a, b int) int { return a - b },
		"sourceKind": i18n.SourceKind,
		"methodName": i18n.MethodName,
		"warning":    warningText,
		"sortKey": func(v *float64) string {
			if v == nil {
				return ""
			}
			return strconv.FormatFloat(*v, 'f', -1, 64)
		},
		"partLabel": partLabel,
		"num2":      func(v float64, lang string) string { return i18n.FormatNumber(v, lang) },
		"strs":      func(s ...string) []string { return s },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
		"has":       func(list []string, s string) bool { return slices.Contains(list, s) },
		"hasPeriod": func(list []period.Period, p period.Period) bool { return slices.Contains(list, p) },
		"num": func(v *float64, lang string) string {
			if v == nil {
				return "–"
			}
			return i18n.FormatNumber(*v, lang)
		},
		"pct": func(v *float64, lang string) string {
			if v == nil {
				return "–"
			}
			return i18n.FormatPercent(*v, lang)
		},
	}
	pages := site.Parse(templateFiles, funcs, []string{"templates/chart.html"}, "overview", "compare_communes",
		"compare_periods", "trends", "completeness", "commune", "reports", "report_text")
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handler{an: an, site: site, pages: pages, log: log}
}

// Routes registers the pages; each also answers ?format=csv|xlsx|json.
func Routes(r gin.IRoutes, h *Handler) {
	r.GET("/", h.overview)
	r.GET("/compare/communes", h.compareCommunes)
	r.GET("/compare/periods", h.comparePeriods)
	r.GET("/trends", h.trends)
	r.GET("/completeness", h.completeness)
	r.GET("/communes/:code", h.commune)
	r.GET("/reports", h.reports)
	r.GET("/reports/:id/text", h.reportText)
}

// page is what every dashboard template gets: the layout's fields and the
// dashboards' own.
type page struct {
	*web.Page
	Message    string
	Data       any
	Chart      *Chart
	Charts     []*Chart
	Periods    []period.Period
	Indicators []catalogue.Indicator
	Communes   []units.Unit
	// Filter echoes the request's filters for the forms.
	Filter filterEcho
	// Reform says the periods shown cross 1 July 2025 (the trend's marker).
	Reform bool
	// Names maps indicator codes to names in the page's language.
	Names map[string]string
	// Partial marks the period choices that are part years (chưa đủ kỳ).
	Partial map[string]bool
	// Query is the current query string, for export links.
	Query url.Values
	Path  string
}

// filterEcho is what the filter forms show as chosen.
type filterEcho struct {
	Period    string
	Periods   []period.Period
	Indicator string
	Communes  []string
	Commune   string
	Era       string
	Status    string
	Base      string
}

func (h *Handler) newPage(c *gin.Context, nav, title string) *page {
	p := &page{Page: h.site.WithArea(c, h.site.NewPage(c, nav, title))}
	p.Query, p.Path = c.Request.URL.Query(), c.Request.URL.Path
	return p
}

func (h *Handler) render(c *gin.Context, status int, name string, p *page) {
	if p.Chart != nil {
		p.Chart.Lang = p.Lang
	}
	for _, ch := range p.Charts {
		ch.Lang = p.Lang
	}
	h.pages.Render(c, status, name, p)
}
