package summary

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler serves /summary: the page that offers the report, and the
// report itself (?format=docx).
type Handler struct {
	b      *Builder
	an     Analytics
	site   *web.Site
	pages  *web.Templates
	office string
	// busy bounds how many reports are built at once: a province's takes
	// seconds of CPU, and the server has other pages to answer.
	busy    chan struct{}
	timeout time.Duration
}

// HandlerOptions configure the page.
type HandlerOptions struct {
	Options
	// Office replaces the header's office line ("PHÒNG VĂN HÓA - XÃ HỘI").
	Office string
	// Concurrent reports built at once (default 2); Timeout for one (default 2 min).
	Concurrent int
	Timeout    time.Duration
}

// New parses the page template once, inside the site's one layout.
func New(an Analytics, site *web.Site, opt HandlerOptions) *Handler {
	if opt.Concurrent <= 0 {
		opt.Concurrent = 2
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 2 * time.Minute
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	funcs := template.FuncMap{
		"t":     msg,
		"label": func(p period.Period, lang string) string { return p.Label(lang) },
	}
	return &Handler{b: NewBuilder(an, opt.Options), an: an, site: site, pages: site.Parse(templateFiles, funcs, nil, "summary"),
		office: opt.Office, busy: make(chan struct{}, opt.Concurrent), timeout: opt.Timeout}
}

// Routes registers the page.
func Routes(r gin.IRoutes, h *Handler) {
	r.GET("/summary", h.summary)
}

// page is the template's data.
type page struct {
	*web.Page
	Periods  []period.Period
	Partial  map[string]bool // the part years among Periods
	Period   period.Period
	HasData  bool
	Area     string // "district:185"
	OneArea  bool
	Download string
	English  string
	Reported string
	Groups   []preview
	Command  string
}

// preview is one group of part II as the page shows it.
type preview struct {
	Title     string
	Sentences []string
}

func (h *Handler) summary(c *gin.Context) {
	ctx := c.Request.Context()
	lang := i18n.Lang(c)
	var p period.Period
	ok := false
	if s := c.Query("period"); s != "" {
		var err error
		if p, err = period.Parse(s); err != nil {
			web.Abort(c, apperr.BadRequest("bad_filter", "period", "Kỳ báo cáo không hợp lệ (ví dụ 2024-H1, 2024)", "Invalid period (e.g. 2024-H1, 2024)"))
			return
		}
		ok = true
	} else {
		var err error
		if p, ok, err = h.an.LatestPeriod(ctx); err != nil {
			web.Abort(c, err)
			return
		}
	}
	area := c.Query("area")
	if err := h.b.checkArea(area); err != nil {
		web.Abort(c, err)
		return
	}
	format := c.Query("format")
	if format != "" && format != "docx" {
		web.Abort(c, apperr.BadRequest("bad_filter", "format", "Định dạng phải là docx", "Format must be docx"))
		return
	}
	pg := &page{Page: h.site.WithArea(c, h.site.NewPage(c, "summary", msg(lang, "page.title"))), Area: AreaString(h.an.Area()), OneArea: true}
	if !ok {
		if format != "" {
			web.Abort(c, apperr.NotFound("no_published_figures", "period", "Chưa có số liệu nào được công bố", "No figures have been published yet"))
			return
		}
		h.pages.Render(c, http.StatusOK, "summary", pg)
		return
	}
	select {
	case h.busy <- struct{}{}:
		defer func() { <-h.busy }()
	default:
		web.Abort(c, apperr.Unavailable("busy", msg("vi", "busy"), msg("en", "busy"), nil))
		return
	}
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	d, err := h.b.Build(ctx, p, area)
	if err != nil {
		web.Abort(c, err)
		return
	}
	if format == "docx" {
		docLang := "vi" // the document is Vietnamese unless asked for in English
		if c.Query("lang") == "en" {
			docLang = "en"
		}
		var buf bytes.Buffer
		if err := Render(&buf, d, docLang, DefaultIssuer(d.Area, d.AreaName, docLang, h.office)); err != nil {
			web.Abort(c, err)
			return
		}
		name := FileName(d, docLang)
		web.NoStore(c)
		c.Header("Content-Disposition", `attachment; filename="`+name+`"; filename*=UTF-8''`+url.PathEscape(name))
		c.Data(http.StatusOK, ContentType, buf.Bytes())
		return
	}
	h.fill(pg, d, lang, area)
	choices, err := h.an.PeriodChoices(ctx)
	if err != nil {
		web.Abort(c, err)
		return
	}
	pg.Periods = choices
	if pg.Partial, err = h.an.PartYears(ctx, choices); err != nil {
		web.Abort(c, err)
		return
	}
	h.pages.Render(c, http.StatusOK, "summary", pg)
}

// fill puts the report's outline on the page.
func (h *Handler) fill(pg *page, d *Data, lang, area string) {
	pg.Period, pg.HasData = d.Period, true
	q := url.Values{"period": {d.Period.String()}, "format": {"docx"}}
	if area != "" {
		q.Set("area", area)
	}
	q.Set("lang", "vi")
	pg.Download = "/summary?" + q.Encode()
	q.Set("lang", "en")
	pg.English = "/summary?" + q.Encode()
	var rep, exp int
	for _, ps := range d.Reporting {
		rep, exp = rep+ps.Reported, exp+ps.Expected
	}
	pg.Reported = i18n.Pick(lang, "Đã gửi và được công bố", "Reported and published") + ": " + itoa(rep) + "/" + itoa(exp)
	s := &sayer{d: d, lang: lang}
	for _, g := range groups {
		if _, ok := d.Compare[g.Chart]; !ok {
			continue
		}
		pg.Groups = append(pg.Groups, preview{Title: msg(lang, "group."+g.Key), Sentences: g.Say(s)})
	}
	pg.Command = "bin/bdg report --period " + d.Period.String() + " --out " + strings.TrimSuffix(FileName(d, "vi"), ".docx") + ".docx"
}

func itoa(n int) string { return i18n.FormatNumber(float64(n), "vi") }

// ContentType is a Word document's media type.
const ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// FileName is the download's name, in ASCII so that every browser and
// mail system keeps it: "bao-cao-bdg_huyen-bac-son_2024-H1.docx".
func FileName(d *Data, lang string) string {
	name := "bao-cao-bdg_" + slug(d.AreaName) + "_" + d.Period.String()
	if lang == "en" {
		name += "_en"
	}
	return name + ".docx"
}

// slug writes Vietnamese in lowercase ASCII without marks ("huyen-bac-son").
func slug(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	plain, _, err := transform.String(t, s)
	if err != nil {
		plain = s
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(plain) {
		switch {
		case r == 'đ':
			b.WriteRune('d')
			dash = false
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteRune('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
