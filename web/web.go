// Package web holds what every HTML page and every HTTP answer of bdg
// shares: the one page layout with a navigation fitted to the signed-in
// role, rendering into a buffer (a template error never sends half a page),
// the error middleware that writes every error (JSON for the API, the
// layout's error page for people), and the no-store rule for private pages.
// Page packages (dashboards, review, auth) add their own content templates.
package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/period"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Assets gives the hashed URL of a static file.
type Assets interface{ URL(name string) string }

// Site is the shared page machinery, built once at startup.
type Site struct {
	base       *template.Template
	errorPages *Templates
	badges     func(c *gin.Context, w Who) map[string]int
	log        *slog.Logger
	area       func(ctx context.Context) string
}

// Options configure a Site. Area names the monitored area for page
// footers; it may be nil.
type Options struct {
	Assets Assets
	Area   func(ctx context.Context) string
	Logger *slog.Logger
}

// NewSite parses the layout and the error page.
func NewSite(opt Options) *Site {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	asset := func(name string) string { return "/static/" + name }
	if opt.Assets != nil {
		asset = opt.Assets.URL
	}
	if opt.Area == nil {
		opt.Area = func(context.Context) string { return "" }
	}
	// The functions every page may use; packages add their own (t, their
	// strings) when they parse their pages.
	funcs := template.FuncMap{
		"asset":    asset,
		"ui":       T,
		"date":     i18n.FormatDate,
		"datetime": i18n.FormatDateTime,
		"label":    func(p period.Period, lang string) string { return p.Label(lang) },
		"withLang": i18n.WithLang,
		"nav":      navFor,
	}
	base := template.Must(template.New("layout").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html"))
	s := &Site{base: base, log: opt.Logger, area: opt.Area}
	s.errorPages = s.Parse(templateFiles, nil, nil, "error")
	return s
}

// Templates are one package's pages, each its content inside the layout.
type Templates struct {
	site  *Site
	pages map[string]*template.Template
}

// Parse adds a package's pages to the layout: each name is a file
// templates/NAME.html in fsys defining "content"; shared lists every
// partial file that all pages may use. funcs add to the layout's.
func (s *Site) Parse(fsys fs.FS, funcs template.FuncMap, shared []string, names ...string) *Templates {
	t := &Templates{site: s, pages: map[string]*template.Template{}}
	for _, n := range names {
		tpl := template.Must(s.base.Clone()).Funcs(funcs)
		files := append(append([]string{}, shared...), "templates/"+n+".html")
		t.pages[n] = template.Must(tpl.ParseFS(fsys, files...))
	}
	return t
}

// Render writes page name with data (a struct embedding *Page) and status.
// It renders into a buffer first: a template error answers 500 through the
// error middleware instead of half a page with status 200.
func (t *Templates) Render(c *gin.Context, status int, name string, data any) {
	b, err := t.execute(name, data)
	if err != nil {
		Abort(c, err)
		return
	}
	writeHTML(c, status, b)
}

func (t *Templates) execute(name string, data any) ([]byte, error) {
	tpl, ok := t.pages[name]
	if !ok {
		return nil, fmt.Errorf("web: no page %q", name)
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("web: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

func writeHTML(c *gin.Context, status int, body []byte) {
	NoStore(c)
	c.Data(status, "text/html; charset=utf-8", body)
}

// NoStore keeps a private answer out of every cache, so that Back after
// logging out cannot show a commune's data.
func NoStore(c *gin.Context) { c.Header("Cache-Control", "no-store") }

// Page is what the layout reads; page packages embed it in their own data.
type Page struct {
	Lang      string
	Title     string
	Nav       string // the navigation item to mark as current
	Q         string // "?lang=en" or "": keeps links in the page's language
	SwitchURL string // this page in the other language
	AreaName  string
	Who       Who
	CSRF      template.HTML // the hidden field for the page's forms
	Error     string        // a message for the whole page, in its language
	Notice    string
	// Badges are counts shown beside navigation items ("Chờ duyệt (3)").
	Badges map[string]int
}

// WithBadges makes the navigation show counts (set at startup, once the
// package that knows them exists).
func (s *Site) WithBadges(fn func(c *gin.Context, w Who) map[string]int) { s.badges = fn }

// NewPage fills the shared fields for the request.
func (s *Site) NewPage(c *gin.Context, nav, title string) *Page {
	lang := i18n.Lang(c)
	p := &Page{Lang: lang, Nav: nav, Title: title, Q: i18n.LangQuery(lang), SwitchURL: i18n.SwitchURL(c, lang),
		Who: WhoFrom(c)}
	if s.badges != nil && p.Who.SignedIn() {
		p.Badges = s.badges(c, p.Who)
	}
	if p.Who.CSRF != "" {
		p.CSRF = template.HTML(`<input type="hidden" name="csrf" value="` + template.HTMLEscapeString(p.Who.CSRF) + `">`)
	}
	if c.Query("lang") != "" { // remember an explicit choice
		http.SetCookie(c.Writer, &http.Cookie{Name: "bdg_lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	return p
}

// WithArea sets the area name for the footer (it may need the database).
func (s *Site) WithArea(c *gin.Context, p *Page) *Page {
	p.AreaName = s.area(c.Request.Context())
	return p
}

// T returns a layout string (navigation, error headings) in lang.
func T(lang, key string) string { return messages.T(lang, key) }
