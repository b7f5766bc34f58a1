package auth_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"

	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/web"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	st    *store.Store
	clk   *clock
	as    *assets.Server
	auth  *auth.Auth
	srv   *httptest.Server
	audit []string
}

func newAuth(t *testing.T, st *store.Store, clk *clock, as *assets.Server) *auth.Auth {
	return auth.New(st.Conn, st, auth.Options{Now: clk.Now, Site: web.NewSite(web.Options{Assets: as}), BcryptCost: bcrypt.MinCost,
		Logger: slog.New(slog.DiscardHandler)})
}

// newEnv serves the auth pages and two stand-in routes from the rule table.
func newEnv(t *testing.T) *env {
	t.Helper()
	st := chtest.New(t)
	as, err := assets.New()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{st: st, clk: &clock{t: time.Now().Truncate(time.Second)}, as: as}
	e.auth = newAuth(t, st, e.clk, as)
	e.srv = httptest.NewServer(e.engine(e.auth))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) engine(a *auth.Auth) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(auth.SecurityHeaders(), a.AuditWrites(), web.NewSite(web.Options{}).Errors(store.Unavailable), a.Authenticate(), a.Guard())
	auth.Routes(r, a)
	r.GET(assets.Prefix+"*path", gin.WrapH(e.as)) // a browser asks for the stylesheet
	r.GET("/", func(c *gin.Context) { w := web.WhoFrom(c); c.String(200, "home "+w.Name()+" "+w.OwnCommune()) })
	r.POST("/review/form", func(c *gin.Context) { c.String(200, "saved") })
	return r
}

type browser struct {
	t      *testing.T
	c      *http.Client
	base   string
	remote string
}

func (e *env) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: e.srv.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// request is a request to the test server, with form (if any) as its body.
func (b *browser) request(method, path string, form url.Values) *http.Request {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

func (b *browser) do(method, path string, form url.Values, hdr map[string]string) (*http.Response, string) {
	b.t.Helper()
	req := b.request(method, path, form)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res, string(raw)
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func field(t *testing.T, body string) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf field in %s", body)
	}
	return m[1]
}

func (b *browser) login(name, password string) *http.Response {
	b.t.Helper()
	_, page := b.do("GET", "/login", nil, nil)
	res, _ := b.do("POST", "/login", url.Values{"csrf": {field(b.t, page)}, "name": {name}, "password": {password}, "next": {"/"}}, nil)
	return res
}

func TestLoginSessionCSRFLogout(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pw, created, err := e.auth.EnsureUser(ctx, "admin", auth.RoleAdmin, "")
	if err != nil || !created || len(pw) < 16 {
		t.Fatalf("EnsureUser = %q %v %v", pw, created, err)
	}
	if _, again, _ := e.auth.EnsureUser(ctx, "admin", auth.RoleAdmin, ""); again {
		t.Fatal("EnsureUser created admin twice")
	}
	b := e.browser(t)
	// Anonymous: a page redirects to the login page, the API says 401.
	res, _ := b.do("GET", "/?x=1", nil, nil)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/login?next=%2F%3Fx%3D1" {
		t.Fatalf("anonymous / = %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// The login page: Vietnamese first, assets from /static/, security headers.
	res, page := b.do("GET", "/login", nil, nil)
	if res.StatusCode != 200 || !strings.Contains(page, "Đăng nhập") || !strings.Contains(page, `lang="vi"`) ||
		!strings.Contains(page, e.as.URL("bdg.css")) {
		t.Fatalf("login page = %d", res.StatusCode)
	}
	if res.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("login headers = %v", res.Header)
	}
	if _, en := b.do("GET", "/login?lang=en", nil, nil); !strings.Contains(en, "Log in") {
		t.Error("no English login page")
	}
	// A login form without its CSRF cookie value is refused.
	res, _ = b.do("POST", "/login", url.Values{"csrf": {"forged"}, "name": {"admin"}, "password": {pw}}, nil)
	if res.StatusCode != 400 {
		t.Errorf("login with forged csrf = %d", res.StatusCode)
	}
	if res = b.login("admin", "wrong password"); res.StatusCode != 401 {
		t.Errorf("wrong password = %d", res.StatusCode)
	}
	res = b.login("admin", pw)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/" {
		t.Fatalf("login = %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == auth.SessionCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
		t.Fatalf("session cookie on http = %+v (want HttpOnly, Lax, not Secure)", cookie)
	}
	if _, body := b.do("GET", "/", nil, nil); body != "home admin " {
		t.Fatalf("home = %q", body)
	}
	// State-changing requests need the session's CSRF token.
	_, logoutPage := b.do("GET", "/logout", nil, nil)
	tok := field(t, logoutPage)
	if res, _ := b.do("POST", "/review/form", url.Values{"x": {"1"}}, nil); res.StatusCode != 403 {
		t.Errorf("POST without csrf = %d", res.StatusCode)
	}
	if res, _ := b.do("POST", "/review/form", url.Values{"csrf": {"nope"}}, nil); res.StatusCode != 403 {
		t.Errorf("POST with wrong csrf = %d", res.StatusCode)
	}
	if res, body := b.do("POST", "/review/form", url.Values{"csrf": {tok}}, nil); res.StatusCode != 200 || body != "saved" {
		t.Errorf("POST with csrf field = %d %s", res.StatusCode, body)
	}
	if res, _ := b.do("POST", "/review/form", url.Values{}, map[string]string{"X-CSRF-Token": tok}); res.StatusCode != 200 {
		t.Errorf("POST with csrf header = %d", res.StatusCode)
	}
	// A restart keeps the session (ClickHouse is the truth).
	restarted := httptest.NewServer(e.engine(newAuth(t, e.st, e.clk, e.as)))
	defer restarted.Close()
	b2 := *b
	b2.base = restarted.URL
	if res, body := b2.do("GET", "/", nil, nil); res.StatusCode != 200 || body != "home admin " {
		t.Fatalf("after restart / = %d %q", res.StatusCode, body)
	}
	// Logout ends it.
	if res, _ := b.do("POST", "/logout", url.Values{"csrf": {tok}}, nil); res.StatusCode != 303 {
		t.Fatalf("logout = %d", res.StatusCode)
	}
	// The cookie jar dropped it; replaying the old value fails too.
	replay := map[string]string{"Cookie": auth.SessionCookie + "=" + cookie.Value}
	if res, _ := b.do("GET", "/", nil, replay); res.StatusCode != 303 {
		t.Errorf("old session after logout = %d", res.StatusCode)
	}
	e.clk.Add(time.Minute) // past the cache of another process
	if res, _ := b2.do("GET", "/", nil, replay); res.StatusCode != 303 {
		t.Errorf("old session after logout, other process = %d", res.StatusCode)
	}
}

// TestHTTPSCookieIsSecure: the session cookie is Secure when the browser
// came over HTTPS (through a proxy) and not on plain http to 127.0.0.1,
// where a Secure cookie would never come back; HttpOnly always.
func TestHTTPSCookieIsSecure(t *testing.T) {
	e := newEnv(t)
	pw, _, _ := e.auth.EnsureUser(context.Background(), "canbo", auth.RoleOfficer, "")
	for _, https := range []bool{true, false} {
		b := e.browser(t)
		_, page := b.do("GET", "/login", nil, nil)
		hdr := map[string]string{}
		if https {
			hdr["X-Forwarded-Proto"] = "https"
		}
		res, _ := b.do("POST", "/login", url.Values{"csrf": {field(t, page)}, "name": {"canbo"}, "password": {pw}}, hdr)
		var session *http.Cookie
		for _, c := range res.Cookies() {
			if c.Name == auth.SessionCookie {
				session = c
			}
		}
		if res.StatusCode != http.StatusSeeOther || session == nil {
			t.Fatalf("https=%v: login = %d with no session cookie", https, res.StatusCode)
		}
		if session.Secure != https || !session.HttpOnly {
			t.Errorf("https=%v: session cookie Secure=%v HttpOnly=%v", https, session.Secure, session.HttpOnly)
		}
	}
}

func TestSessionExpiry(t *testing.T) {
	e := newEnv(t)
	pw, _, _ := e.auth.EnsureUser(context.Background(), "xem", auth.RoleViewer, "")
	// Idle: 8 hours without a request ends the session.
	b := e.browser(t)
	if res := b.login("xem", pw); res.StatusCode != 303 {
		t.Fatal(res.StatusCode)
	}
	e.clk.Add(7*time.Hour + 50*time.Minute)
	if res, _ := b.do("GET", "/", nil, nil); res.StatusCode != 200 {
		t.Fatalf("after 7h50 idle = %d", res.StatusCode)
	}
	e.clk.Add(8*time.Hour + time.Minute)
	if res, _ := b.do("GET", "/", nil, nil); res.StatusCode != 303 {
		t.Fatalf("after 8h01 idle = %d, want redirect to login", res.StatusCode)
	}
	// Absolute: 7 days after login, however busy.
	if res := b.login("xem", pw); res.StatusCode != 303 {
		t.Fatal(res.StatusCode)
	}
	for i := 0; i < 24; i++ {
		e.clk.Add(7 * time.Hour)
		if res, _ := b.do("GET", "/", nil, nil); res.StatusCode != 200 {
			t.Fatalf("busy session after %dh = %d", 7*(i+1), res.StatusCode)
		}
	}
	e.clk.Add(7 * time.Hour) // 175h > 7 days
	if res, _ := b.do("GET", "/", nil, nil); res.StatusCode != 303 {
		t.Fatalf("after 7 days = %d", res.StatusCode)
	}
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t)
	pw, _, _ := e.auth.EnsureUser(context.Background(), "canbo", auth.RoleOfficer, "")
	b := e.browser(t)
	for i := 0; i < 10; i++ {
		if res := b.login("canbo", "guess"+string(rune('a'+i))); res.StatusCode != 401 {
			t.Fatalf("failure %d = %d", i, res.StatusCode)
		}
	}
	res := b.login("canbo", pw)
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
		t.Fatalf("11th attempt = %d, want 429 with Retry-After", res.StatusCode)
	}
	// Ten minutes later the right password works again.
	e.clk.Add(10*time.Minute + time.Second)
	if res := b.login("canbo", pw); res.StatusCode != 303 {
		t.Fatalf("after the window = %d", res.StatusCode)
	}
}

func TestLimiterPerKey(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	l := auth.NewLimiter(3, time.Minute, clk.Now)
	for i := 0; i < 3; i++ {
		l.Fail("ip:1")
	}
	if b, wait := l.Blocked("ip:1"); !b || wait <= 0 || wait > time.Minute {
		t.Fatalf("blocked = %v %v", b, wait)
	}
	if b, _ := l.Blocked("ip:2"); b {
		t.Fatal("another key is blocked")
	}
	clk.Add(61 * time.Second)
	if b, _ := l.Blocked("ip:1"); b {
		t.Fatal("still blocked after the window")
	}
}

// TestLimiterFloodKeepsLockout: a flood of failures from new addresses
// fills the limiter, and the user being guessed stays locked out.
func TestLimiterFloodKeepsLockout(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	l := auth.NewLimiter(3, 10*time.Minute, clk.Now)
	for range 3 {
		l.Fail("user:admin")
	}
	for i := range 100_001 {
		clk.Add(time.Millisecond) // the flood is newer than the lockout...
		l.Fail(fmt.Sprintf("ip:%d", i))
	}
	l.Fail("user:admin") // ...but the guessed user keeps failing too
	if b, _ := l.Blocked("user:admin"); !b {
		t.Fatal("a flood of addresses reset the user's lockout")
	}
}

func TestTokensAcrossProcesses(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// "bdg token create" in another process: a separate Auth on the same database.
	cli := auth.New(e.st.Conn, nil, auth.Options{Now: e.clk.Now})
	secret, tok, err := cli.CreateToken(ctx, auth.RoleReporter, "06331", "phần mềm xã", "cli")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := cli.CreateToken(ctx, auth.RoleReporter, "", "", "cli"); err == nil {
		t.Error("a reporter token without a commune was created")
	}
	b := e.browser(t)
	bearer := map[string]string{"Authorization": "Bearer " + secret}
	// A reporter may not open dashboards, but may submit (and needs no CSRF).
	if res, _ := b.do("GET", "/", nil, bearer); res.StatusCode != 403 {
		t.Errorf("reporter token on / = %d", res.StatusCode)
	}
	res, body := b.do("POST", "/review/form", url.Values{}, bearer)
	if res.StatusCode != 200 {
		t.Fatalf("reporter token POST = %d %s", res.StatusCode, body)
	}
	if res, body := b.do("GET", "/api/v1/x", nil, map[string]string{"Authorization": "Bearer bdg_nope"}); res.StatusCode != 401 ||
		!strings.Contains(body, `"message_vi"`) {
		t.Errorf("bad token = %d %s", res.StatusCode, body)
	}
	list, err := cli.Tokens(ctx)
	if err != nil || len(list) != 1 || list[0].ID != tok.ID || list[0].Label != "phần mềm xã" {
		t.Fatalf("tokens = %+v %v", list, err)
	}
	if err := cli.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	e.clk.Add(31 * time.Second) // the server's cache expires
	if res, _ := b.do("POST", "/review/form", url.Values{}, bearer); res.StatusCode != 401 {
		t.Errorf("revoked token = %d", res.StatusCode)
	}
	if err := cli.RevokeToken(ctx, "nope"); err != auth.ErrNoToken {
		t.Errorf("revoke unknown = %v", err)
	}
}

func TestAdminPagesAndAudit(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pw, _, _ := e.auth.EnsureUser(ctx, "admin", auth.RoleAdmin, "")
	b := e.browser(t)
	b.login("admin", pw)
	_, page := b.do("GET", "/admin/users", nil, nil)
	tok := field(t, page)
	res, body := b.do("POST", "/admin/users", url.Values{"csrf": {tok}, "name": {"xa06337"}, "role": {"reporter"}, "commune": {"06337"}, "era": {"pre2025"}}, nil)
	if res.StatusCode != 201 || !strings.Contains(body, "xa06337") {
		t.Fatalf("create user = %d", res.StatusCode)
	}
	newPW := regexp.MustCompile(`một lần\): (\S+)<`).FindStringSubmatch(body)
	if newPW == nil {
		t.Fatalf("no password shown: %s", body)
	}
	if res, _ := b.do("POST", "/admin/users", url.Values{"csrf": {tok}, "name": {"bad"}, "role": {"reporter"}}, nil); res.StatusCode != 422 {
		t.Errorf("reporter without commune = %d", res.StatusCode)
	}
	// The new reporter logs in and lands on the upload page.
	r := e.browser(t)
	if res := r.login("xa06337", newPW[1]); res.StatusCode != 303 || res.Header.Get("Location") != "/" {
		t.Fatalf("reporter login = %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := r.do("GET", "/", nil, nil); res.StatusCode != 403 || !strings.Contains(body, "Không có quyền truy cập") {
		t.Errorf("reporter on dashboards = %d: %s", res.StatusCode, body)
	}
	if res, _ := r.do("GET", "/admin/users", nil, nil); res.StatusCode != 403 {
		t.Errorf("reporter on /admin/users = %d", res.StatusCode)
	}
	// Disabling ends the reporter's session at once.
	if res, _ := b.do("POST", "/admin/users/xa06337/disable", url.Values{"csrf": {tok}}, nil); res.StatusCode != 303 {
		t.Fatalf("disable = %d", res.StatusCode)
	}
	if res, _ := r.do("GET", "/review/form", nil, nil); res.StatusCode != 303 {
		t.Errorf("disabled user = %d, want redirect to login", res.StatusCode)
	}
	if res := r.login("xa06337", newPW[1]); res.StatusCode != 401 {
		t.Errorf("disabled login = %d", res.StatusCode)
	}
	// Audit: every write, with who and from where; CSV export.
	_, body = b.do("GET", "/admin/audit?action=user.", nil, nil)
	for _, want := range []string{"user.create", "user.disable", "xa06337", "127.0.0.1"} {
		if !strings.Contains(body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	res, csv := b.do("GET", "/admin/audit?format=csv&user=admin", nil, nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csv, "user.disable") ||
		!strings.Contains(csv, `{""disabled"":false}`) {
		t.Errorf("audit csv = %d %s", res.StatusCode, csv)
	}
	entries, err := e.auth.Audit(ctx, auth.AuditFilter{Action: "login"})
	if err != nil || len(entries) < 3 {
		t.Errorf("login entries = %d %v", len(entries), err)
	}
	if res, _ := b.do("GET", "/admin/audit?from=yesterday", nil, nil); res.StatusCode != 400 {
		t.Errorf("bad date = %d", res.StatusCode)
	}
}
