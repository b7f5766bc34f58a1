package server_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apidoc"
	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/browsertest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// login signs in through the login page and waits for the landing page.
func login(name, password string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.WaitVisible(`input[name=password]`),
		chromedp.SendKeys(`input[name=name]`, name),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`main h1`),
	}
}

// TestBrowserReviewWorkflow: a commune sends impossible figures, the
// officer finds them in the inbox (its count in the navigation), a rule
// blocks the publish, an override with a reason publishes and is in the
// audit log; an old version is restored with a confirmation. (The same
// file sent twice is TestBrowserReviewCorrectPublish's.)
func TestBrowserReviewWorkflow(t *testing.T) {
	browsertest.Needed(t)
	app := newFullApp(t)
	ctx := context.Background()
	rpw, _, err := app.auth.EnsureUser(ctx, "xa06331", auth.RoleReporter, "06331")
	if err != nil {
		t.Fatal(err)
	}
	opw, _, err := app.auth.EnsureUser(ctx, "canbo", auth.RoleOfficer, "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.h)
	defer srv.Close()
	bctx := browsertest.New(t, 3*time.Minute)
	var loc, text string

	// The reporter lands on its own page and types figures where a part
	// exceeds its whole.
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/login"), login("xa06331", rpw),
		chromedp.Location(&loc), chromedp.Text(`main`, &text))
	if err != nil || !strings.HasSuffix(loc, "/review/mine") || !strings.Contains(text, "Báo cáo của xã") || !strings.Contains(text, "Hạn nộp") {
		t.Fatalf("reporter landing %s %v: %s", loc, err, text)
	}
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/review/form"),
		chromedp.WaitVisible(`select[name=period]`),
		chromedp.SetValue(`select[name=period]`, "2024-H2"),
		chromedp.SendKeys(`input[name="v.gender_staff_total"]`, "2"),
		chromedp.SendKeys(`input[name="v.gender_staff_female"]`, "5x"), // a typo first
		chromedp.Submit(`input[name="v.gender_staff_total"]`),
		chromedp.WaitVisible(`.field-error`),
		chromedp.Text(`main`, &text),
	)
	if err != nil || !strings.Contains(text, `"5x" không phải là số`) {
		t.Fatalf("typo: %v %s", err, text)
	}
	var kept string
	err = chromedp.Run(bctx,
		chromedp.Value(`input[name="v.gender_staff_total"]`, &kept),
		chromedp.SetValue(`input[name="v.gender_staff_female"]`, "5"),
		chromedp.Submit(`input[name="v.gender_staff_total"]`),
		chromedp.WaitVisible(`.notice`),
		chromedp.Location(&loc), chromedp.Text(`main`, &text),
	)
	if err != nil || kept != "2" || !strings.Contains(text, "Đã gửi, chờ huyện duyệt") || strings.Contains(text, "Công bố") {
		t.Fatalf("after the typo the form kept %q; the draft page %s (%v): %s", kept, loc, err, text)
	}
	draftURL := strings.SplitN(loc, "?", 2)[0]
	var inputs int
	if err := chromedp.Run(bctx, chromedp.Evaluate(`document.querySelectorAll('main input[name^="v."]').length`, &inputs)); err != nil || inputs != 0 {
		t.Errorf("the reporter sees %d editable values on its draft", inputs)
	}

	// The officer: the inbox count in the navigation, the draft in the inbox.
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/logout"), chromedp.WaitVisible(`main form button`), chromedp.Click(`main form button`),
		login("canbo", opw),
		chromedp.Navigate(srv.URL+"/review"),
		chromedp.WaitVisible(`table.inbox`),
		chromedp.Text(`header nav`, &text),
	)
	if err != nil || !regexp.MustCompile(`Chờ duyệt \(\d+\)`).MatchString(text) {
		t.Fatalf("navigation %q (%v): want the inbox count", text, err)
	}
	err = chromedp.Run(bctx,
		chromedp.Click(`table.inbox a[href^="`+strings.TrimPrefix(draftURL, srv.URL)+`"]`),
		chromedp.WaitVisible(`form.publish button`),
		chromedp.Click(`form.publish button`),
		chromedp.WaitVisible(`.card.error`),
		chromedp.Text(`main`, &text),
	)
	if err != nil || !strings.Contains(text, "Chưa công bố") || !strings.Contains(text, "phần không thể lớn hơn tổng") {
		t.Fatalf("a plain publish of impossible figures: %v %s", err, text)
	}
	const reason = "Xã xác nhận số liệu qua điện thoại"
	err = chromedp.Run(bctx,
		chromedp.Click(`input[name=override]`),
		chromedp.SendKeys(`textarea[name=reason]`, reason),
		chromedp.Click(`form.publish button`),
		chromedp.WaitVisible(`.notice`),
		chromedp.Text(`main`, &text),
	)
	if err != nil || !strings.Contains(text, "Đã công bố") || !strings.Contains(text, reason) {
		t.Fatalf("override with a reason: %v %s", err, text)
	}
	if entries, _ := app.auth.Audit(ctx, auth.AuditFilter{Action: "report.publish"}); len(entries) == 0 || !strings.Contains(entries[0].Detail, reason) {
		t.Errorf("audit of the override: %+v", entries)
	}

	// Restore: the superseded 2024-H2 version comes back only with a reason
	// and a confirmation, as a new draft.
	old, err := app.st.Reports(ctx, model.ReportFilter{Era: period.EraPre2025, Communes: []string{"06331"}, Period: "2024-H2", Status: "superseded"})
	if err != nil || len(old) != 1 {
		t.Fatalf("superseded 2024-H2: %v %d", err, len(old))
	}
	var publishButtons int
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/review/"+old[0].ID),
		chromedp.WaitVisible(`form.restore`),
		chromedp.Evaluate(`document.querySelectorAll('form.publish').length`, &publishButtons),
		chromedp.Text(`main`, &text),
	)
	if err != nil || publishButtons != 0 || !strings.Contains(text, "đã được thay thế") {
		t.Fatalf("a superseded version: %d publish forms, %v: %s", publishButtons, err, text)
	}
	err = chromedp.Run(bctx,
		chromedp.SendKeys(`form.restore textarea[name=reason]`, "số liệu sửa nhầm"),
		chromedp.Click(`form.restore input[name=confirm]`),
		chromedp.Click(`form.restore button`),
		chromedp.WaitVisible(`.notice`),
		chromedp.Location(&loc), chromedp.Text(`main`, &text),
	)
	if err != nil || !strings.Contains(text, "Đã khôi phục") || strings.Contains(loc, old[0].ID) {
		t.Fatalf("restore: %s %v: %s", loc, err, text)
	}
	if entries, _ := app.auth.Audit(ctx, auth.AuditFilter{Action: "report.restore"}); len(entries) == 0 || !strings.Contains(entries[0].Detail, "số liệu sửa nhầm") {
		t.Errorf("audit of the restore: %+v", entries)
	}
}

// TestBrowserRoleWalk opens, as each role, every page its navigation offers
// and a few more, and fails on any link or form on them that the same role
// cannot use (by the one access table), so nobody is shown an action that
// answers 403.
func TestBrowserRoleWalk(t *testing.T) {
	browsertest.Needed(t)
	app := newFullApp(t)
	ctx := context.Background()
	srv := httptest.NewServer(app.h)
	defer srv.Close()
	own, err := app.st.Reports(ctx, model.ReportFilter{Era: period.EraPre2025, Communes: []string{"06331"}, Period: "2024-H1"})
	if err != nil || len(own) == 0 {
		t.Fatalf("reports of 06331: %v", err)
	}
	rules := auth.Rules()
	patterns := routePatterns(app.engine.Routes())
	for _, role := range []auth.Role{auth.RoleAdmin, auth.RoleOfficer, auth.RoleViewer, auth.RoleReporter} {
		t.Run(string(role), func(t *testing.T) {
			bctx := browsertest.New(t, 3*time.Minute)
			if err := chromedp.Run(bctx, network.Enable(), network.SetExtraHTTPHeaders(network.Headers{
				"Authorization": "Bearer " + app.tokens[string(role)]})); err != nil {
				t.Fatal(err)
			}
			may := func(method, path string) bool {
				route, ok := patterns.match(method, path)
				if !ok {
					return true // not a route of bdg's (an anchor, a static file): nothing to refuse
				}
				r, ok := rules[method+" "+route]
				return ok && r.Allows(role)
			}
			// The walk's own judge must be able to say no.
			if role != auth.RoleAdmin && may("GET", "/admin/users") || role == auth.RoleViewer && may("POST", "/review/x/publish") {
				t.Fatalf("%s: the route matcher allows what the access table refuses", role)
			}
			start := []string{"/review/" + own[0].ID, "/communes/06331?era=pre2025", "/reports"}
			home := "/"
			if role == auth.RoleReporter {
				home = "/review/mine"
			}
			var nav []string
			if err := chromedp.Run(bctx, chromedp.Navigate(srv.URL+home), chromedp.WaitVisible(`main`),
				chromedp.Evaluate(`[...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href'))`, &nav)); err != nil {
				t.Fatal(err)
			}
			if len(nav) == 0 {
				t.Fatalf("%s: no navigation on %s", role, home)
			}
			seen := map[string]bool{}
			for _, page := range append(nav, start...) {
				u, _ := url.Parse(page)
				if seen[u.Path] || !may("GET", u.Path) {
					continue
				}
				seen[u.Path] = true
				var links, actions []string
				err := chromedp.Run(bctx, chromedp.Navigate(srv.URL+page), chromedp.WaitVisible(`main`),
					chromedp.Evaluate(`[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))`, &links),
					chromedp.Evaluate(`[...document.querySelectorAll('form')].map(f => (f.getAttribute('method')||'get').toUpperCase() + ' ' + (f.getAttribute('action')||location.pathname))`, &actions))
				if err != nil {
					t.Fatalf("%s: %v", page, err)
				}
				for _, l := range links {
					lu, err := url.Parse(l)
					if err != nil || (lu.Host != "" && lu.Host != strings.TrimPrefix(srv.URL, "http://")) || lu.Path == "" {
						continue
					}
					if !may("GET", lu.Path) {
						t.Errorf("%s offers a link to %s, which %s may not open", page, l, role)
					}
				}
				for _, a := range actions {
					method, action, _ := strings.Cut(a, " ")
					au, _ := url.Parse(action)
					if !may(method, au.Path) {
						t.Errorf("%s offers a form %s %s, which %s may not use", page, method, action, role)
					}
				}
			}
			if len(seen) < 3 {
				t.Errorf("walked only %v", seen)
			}
		})
	}
}

// routes are Gin's routes as patterns, to tell which route a link names.
type routes []struct {
	method, route string
	re            *regexp.Regexp
}

func routePatterns(list gin.RoutesInfo) routes {
	var out routes
	param := regexp.MustCompile(`:[a-z]+|\*[a-z]+`)
	for _, r := range list {
		expr := "^" + param.ReplaceAllStringFunc(strings.ReplaceAll(regexp.QuoteMeta(r.Path), `\*`, "*"), func(p string) string {
			if p[0] == '*' {
				return ".*"
			}
			return "[^/]+"
		}) + "$"
		out = append(out, struct {
			method, route string
			re            *regexp.Regexp
		}{r.Method, r.Path, regexp.MustCompile(expr)})
	}
	return out
}

// match finds the route of method and path: a fixed route before one with
// parameters, as Gin does.
func (rs routes) match(method, path string) (string, bool) {
	best := ""
	for _, r := range rs {
		if r.method == method && r.re.MatchString(path) && (best == "" || strings.Count(best, ":") > strings.Count(r.route, ":")) {
			best = r.route
		}
	}
	return best, best != ""
}

// TestBrowserAPIDocs: /api/docs renders the whole document for people in
// Chromium, with no request outside bdg.
func TestBrowserAPIDocs(t *testing.T) {
	browsertest.Needed(t)
	app := newFullApp(t)
	srv := httptest.NewServer(app.h)
	defer srv.Close()
	bctx := browsertest.New(t, time.Minute)
	var outside []string
	chromedp.ListenTarget(bctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok && !strings.HasPrefix(e.Request.URL, srv.URL) && !strings.HasPrefix(e.Request.URL, "data:") {
			outside = append(outside, e.Request.URL)
		}
	})
	var ops int
	var text string
	err := chromedp.Run(bctx, network.Enable(),
		network.SetExtraHTTPHeaders(network.Headers{"Authorization": "Bearer " + app.tokens["reporter"]}),
		chromedp.Navigate(srv.URL+"/api/docs"), chromedp.WaitVisible(`section.api-op`),
		chromedp.Evaluate(`document.querySelectorAll('section.api-op').length`, &ops),
		chromedp.Text(`main`, &text))
	if err != nil {
		t.Fatal(err)
	}
	if ops != len(apidoc.Operations()) || !strings.Contains(text, "POST /api/v1/reports/{id}/publish") || !strings.Contains(text, "ReportAnswer") {
		t.Errorf("the page shows %d operations (want %d): %.500s", ops, len(apidoc.Operations()), text)
	}
	if len(outside) > 0 {
		t.Errorf("requests outside bdg: %v", outside)
	}
}
