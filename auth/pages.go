package auth

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bdg-district/bdg/csvout"
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
	"github.com/bdg-district/bdg/web"

	"github.com/gin-gonic/gin"
)

// messages are the pages' strings: Vietnamese first, then English.
var messages = i18n.Messages{
	"login.heading":        {"Đăng nhập", "Log in"},
	"login.submit":         {"Đăng nhập", "Log in"},
	"login.hint":           {"Quên mật khẩu? Liên hệ quản trị viên của phòng.", "Forgot your password? Ask the office's administrator."},
	"login.failed":         {"Tên đăng nhập hoặc mật khẩu không đúng", "Wrong user name or password"},
	"login.stale":          {"Biểu mẫu đăng nhập đã cũ, vui lòng thử lại", "The login form expired, please try again"},
	"login.limited":        {"Đăng nhập sai quá nhiều lần; vui lòng thử lại sau %d phút", "Too many failed logins; please try again in %d minutes"},
	"logout":               {"Đăng xuất", "Log out"},
	"logout.confirm":       {"Kết thúc phiên làm việc trên trình duyệt này?", "End the session in this browser?"},
	"field.user":           {"Tên đăng nhập", "User name"},
	"field.password":       {"Mật khẩu", "Password"},
	"field.role":           {"Vai trò", "Role"},
	"field.commune":        {"Mã xã", "Commune code"},
	"field.era":            {"Thời kỳ của mã xã", "Era of the code"},
	"field.successor":      {"Xã kế thừa (từ 01/7/2025)", "Successor commune (from 1 July 2025)"},
	"era.auto":             {"theo mã (khi mã chỉ có ở một thời kỳ)", "from the code (when it exists in one era only)"},
	"era.pre2025":          {"trước 01/7/2025", "before 1 July 2025"},
	"era.2025":             {"từ 01/7/2025", "from 1 July 2025"},
	"users.successor.hint": {"chỉ khi quản trị cho phép xã cũ báo cáo cho xã mới (theo danh mục sáp nhập)", "only when the administrator lets the old commune report for the new one (per the lineage)"},
	"field.state":          {"Trạng thái", "State"},
	"field.updated":        {"Cập nhật", "Updated"},
	"field.action":         {"Thao tác", "Action"},
	"field.from":           {"Từ ngày", "From"},
	"field.to":             {"Đến ngày", "To"},
	"field.when":           {"Thời điểm", "When"},
	"field.remote":         {"Địa chỉ", "Address"},
	"field.request":        {"Yêu cầu", "Request"},
	"field.status":         {"Mã trả về", "Status"},
	"field.target":         {"Đối tượng", "Target"},
	"field.before":         {"Trước", "Before"},
	"field.after":          {"Sau", "After"},
	"users.heading":        {"Người dùng", "Users"},
	"users.create":         {"Thêm người dùng", "Add a user"},
	"users.created":        {"Đã tạo người dùng %s. Mật khẩu (chỉ hiện một lần): %s", "User %s created. Password (shown once): %s"},
	"users.reset":          {"Đặt lại mật khẩu", "Reset password"},
	"users.resetdone":      {"Mật khẩu mới của %s (chỉ hiện một lần): %s", "New password of %s (shown once): %s"},
	"users.disable":        {"Khoá", "Disable"},
	"users.enable":         {"Mở khoá", "Enable"},
	"users.disabled":       {"Đã khoá", "Disabled"},
	"users.active":         {"Đang dùng", "Active"},
	"users.self":           {"Không thể tự khoá tài khoản của mình", "You cannot disable your own account"},
	"users.exists":         {"Tên đăng nhập đã có", "That user name is taken"},
	"users.none":           {"Không có người dùng này", "No such user"},
	"users.invalid":        {"Thông tin chưa hợp lệ: tên 2–32 ký tự thường (a-z, 0-9, . _ -), mật khẩu ít nhất 10 ký tự, mã xã 5 chữ số chỉ cho vai trò xã báo cáo", "Invalid: name of 2-32 lowercase characters (a-z, 0-9, . _ -), password of at least 10 characters, a 5-digit commune code for commune reporters only"},
	"users.commune.hint":   {"chỉ cho vai trò xã báo cáo", "commune reporters only"},
	"users.password.hint":  {"để trống: tạo ngẫu nhiên", "empty: a random one"},
	"audit.heading":        {"Nhật ký thao tác", "Audit log"},
	"audit.filter":         {"Lọc", "Filter"},
	"audit.empty":          {"Không có thao tác nào", "No entries"},
	"audit.baddate":        {"Ngày không hợp lệ (YYYY-MM-DD)", "Invalid date (YYYY-MM-DD)"},
}

func tr(lang, key string) string { return messages.T(lang, key) }

func lang(c *gin.Context) string { return i18n.Lang(c) }

// page is what every auth template gets.
type page struct {
	*web.Page
	// login
	LoginCSRF, Next, Name string
	// admin
	Users   []User
	Roles   []Role
	Entries []Entry
	Filter  struct{ User, Action, From, To string }
	CSVURL  string
}

func parsePages(site *web.Site) *web.Templates {
	funcs := template.FuncMap{
		"t":    tr,
		"role": func(r Role, lang string) string { return r.Label(lang) },
		"date": func(t time.Time) string { return t.In(i18n.Vietnam).Format("02/01/2006 15:04:05") },
	}
	return site.Parse(templateFiles, funcs, nil, "login", "logout", "users", "audit")
}

func (a *Auth) newPage(c *gin.Context, nav, titleKey string) *page {
	return &page{Page: a.site.NewPage(c, nav, tr(lang(c), titleKey))}
}

func (a *Auth) render(c *gin.Context, status int, name string, p *page) {
	a.pages.Render(c, status, name, p)
}

// Routes registers the login, logout and admin pages.
func Routes(r gin.IRoutes, a *Auth) {
	r.GET("/login", a.loginForm)
	r.POST("/login", a.login)
	r.GET("/logout", a.logoutForm)
	r.POST("/logout", a.logout)
	r.GET("/admin/users", a.usersPage)
	r.POST("/admin/users", a.createUser)
	r.POST("/admin/users/:name/disable", a.disableUser)
	r.POST("/admin/users/:name/enable", a.enableUser)
	r.POST("/admin/users/:name/password", a.resetPassword)
	r.GET("/admin/audit", a.auditPage)
}

// IsHTTPS tells whether the browser reached bdg over HTTPS (directly or
// through a proxy saying X-Forwarded-Proto: https). Cookies are Secure only
// then: on plain http to 127.0.0.1 a Secure cookie would never come back.
func IsHTTPS(c *gin.Context) bool {
	return c.Request.TLS != nil || strings.EqualFold(c.GetHeader("X-Forwarded-Proto"), "https")
}

const loginCSRFCookie = "bdg_login_csrf"

func (a *Auth) setCookie(c *gin.Context, name, value, path string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge,
		Secure: IsHTTPS(c), HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// maxNext bounds a post-login target: bdg's own URLs are far shorter.
const maxNext = 2048

// safeNext keeps a post-login target on this site: a path of this site,
// with its query, that every browser resolves to this origin. A browser
// normalises a Location before resolving it (the WHATWG URL standard: tabs
// and newlines removed anywhere, leading and trailing controls and spaces
// stripped, a backslash read as a slash), so "/\t/evil.example/" becomes
// "//evil.example/", another host. Rather than imitate that normalisation,
// anything it could act on is refused: only printable ASCII without spaces
// or backslashes, one slash first and no second one, and nothing that
// parses with a scheme or a host. bdg's own targets are made by
// url.QueryEscape of a request URI, which always passes.
func safeNext(next string) string {
	if next == "" || len(next) > maxNext || next[0] != '/' || (len(next) > 1 && next[1] == '/') {
		return ""
	}
	for i := 0; i < len(next); i++ {
		if b := next[i]; b <= ' ' || b >= 0x7f || b == '\\' {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	return next
}

// home is where a role lands after logging in: the first page it may use.
func (a *Auth) home(role Role, q string) string {
	return a.who(role, "", units.Scope{}, "").Home() + q
}

func (a *Auth) loginForm(c *gin.Context) {
	if p, ok := FromContext(c); ok && p.session != nil {
		next := safeNext(c.Query("next"))
		if next == "" {
			next = a.home(p.Role, "")
		}
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	a.showLogin(c, http.StatusOK, "", "")
}

func (a *Auth) showLogin(c *gin.Context, status int, errKey, name string, args ...any) {
	p := a.newPage(c, "", "login.heading")
	p.Who = web.Who{}
	p.LoginCSRF = randomToken(24)
	a.setCookie(c, loginCSRFCookie, p.LoginCSRF, "/login", 3600)
	p.Next = safeNext(c.Query("next"))
	if c.Request.Method == http.MethodPost {
		p.Next = safeNext(c.PostForm("next"))
	}
	p.Name = name
	if errKey != "" {
		p.Error = fmt.Sprintf(tr(p.Lang, errKey), args...)
	}
	a.render(c, status, "login", p)
}

func (a *Auth) login(c *gin.Context) {
	ctx := c.Request.Context()
	name := strings.ToLower(strings.TrimSpace(c.PostForm("name")))
	password := c.PostForm("password")
	cookie, _ := c.Cookie(loginCSRFCookie)
	if cookie == "" || !constantEqual(cookie, c.PostForm("csrf")) {
		a.showLogin(c, http.StatusBadRequest, "login.stale", name)
		return
	}
	ip := c.ClientIP()
	u, found, err := a.User(ctx, name)
	if err != nil {
		_ = c.Error(err)
		return
	}
	// Failures count per address and user (a guesser blocks itself), per
	// user's current password from anywhere (much higher: many guessers),
	// and per address whatever the user. A new password set by an
	// administrator or `bdg user password` starts its user's count afresh.
	pairKey, userKey := ip+"|"+name, name
	if found {
		userKey += "|" + hashToken(u.hash)[:16]
	}
	for _, l := range []struct {
		lim *Limiter
		key string
	}{{a.addresses, ip}, {a.pairs, pairKey}, {a.perUser, userKey}} {
		if b, wait := l.lim.Blocked(l.key); b {
			a.tooMany(c, name, wait)
			return
		}
	}
	if !a.verify(u, found, password) {
		a.addresses.Fail(ip)
		a.pairs.Fail(pairKey)
		a.perUser.Fail(userKey)
		a.logEvent(c, name, "", "login.failed", http.StatusUnauthorized)
		a.showLogin(c, http.StatusUnauthorized, "login.failed", name)
		return
	}
	a.pairs.Reset(pairKey)
	if old, ok := FromContext(c); ok && old.session != nil {
		_ = a.EndSession(ctx, *old.session)
	}
	secret, _, err := a.CreateSession(ctx, u, ip)
	if err != nil {
		_ = c.Error(err)
		return
	}
	a.setCookie(c, SessionCookie, secret, "/", 0)
	a.setCookie(c, loginCSRFCookie, "", "/login", -1)
	a.logEvent(c, u.Name, u.Role, "login", http.StatusSeeOther)
	next := safeNext(c.PostForm("next"))
	if next == "" {
		next = a.home(u.Role, i18n.LangQuery(lang(c)))
	}
	c.Redirect(http.StatusSeeOther, next)
}

func (a *Auth) tooMany(c *gin.Context, name string, wait time.Duration) {
	mins := int(wait.Minutes()) + 1
	c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	// Logged like a refused anonymous write: at most AnonymousAudit per
	// address and window, so hammering past the limit does not fill the log.
	if a.anonymousBudget(c.ClientIP()) {
		a.logEvent(c, name, "", "login.limited", http.StatusTooManyRequests)
	}
	a.showLogin(c, http.StatusTooManyRequests, "login.limited", name, mins)
}

// logEvent writes a login event (the login route is public, so Guard does not).
func (a *Auth) logEvent(c *gin.Context, user string, role Role, action string, status int) {
	e := Entry{At: a.now(), User: user, Role: string(role), Remote: c.ClientIP(), Method: c.Request.Method,
		Path: c.Request.URL.Path, Route: c.FullPath(), Status: status, Action: action}
	if err := a.Record(c.Request.Context(), e); err != nil {
		a.log.Error("audit log write failed", "err", err, "action", action)
	}
}

func (a *Auth) logoutForm(c *gin.Context) {
	a.render(c, http.StatusOK, "logout", a.newPage(c, "", "logout"))
}

func (a *Auth) logout(c *gin.Context) {
	if p, ok := FromContext(c); ok && p.session != nil {
		if err := a.EndSession(c.Request.Context(), *p.session); err != nil {
			_ = c.Error(err)
			return
		}
	}
	a.setCookie(c, SessionCookie, "", "/", -1)
	c.Redirect(http.StatusSeeOther, "/login"+i18n.LangQuery(lang(c)))
}

func (a *Auth) usersPage(c *gin.Context) { a.showUsers(c, http.StatusOK, "", "") }

func (a *Auth) showUsers(c *gin.Context, status int, errMsg, notice string) {
	p := a.newPage(c, "users", "users.heading")
	p.Error, p.Notice, p.Roles = errMsg, notice, AllRoles()
	users, err := a.Users(c.Request.Context())
	if err != nil {
		_ = c.Error(err)
		return
	}
	p.Users = users
	a.render(c, status, "users", p)
}

func actor(c *gin.Context) string {
	if p, ok := FromContext(c); ok {
		return p.User
	}
	return ""
}

func (a *Auth) createUser(c *gin.Context) {
	l := lang(c)
	name := strings.ToLower(strings.TrimSpace(c.PostForm("name")))
	role := Role(c.PostForm("role"))
	scope := units.Scope{Code: strings.TrimSpace(c.PostForm("commune")), Era: period.Era(c.PostForm("era")),
		Successor: strings.TrimSpace(c.PostForm("successor"))}
	password := c.PostForm("password")
	if password == "" {
		password = NewPassword()
	}
	u, err := a.AddUser(c.Request.Context(), NewUser{Name: name, Role: role, Scope: scope, Password: password, By: actor(c)})
	var ie *InputError
	switch {
	case errors.Is(err, ErrUserExists):
		a.showUsers(c, http.StatusConflict, tr(l, "users.exists"), "")
		return
	case errors.As(err, &ie):
		// The reason names the commune's units of both eras when the era
		// is missing (in English, as the command line says it).
		a.showUsers(c, http.StatusUnprocessableEntity, tr(l, "users.invalid")+" ("+ie.Reason+")", "")
		return
	case err != nil:
		_ = c.Error(err)
		return
	}
	recordChange(c, nil, userRecord(u))
	a.showUsers(c, http.StatusCreated, "", fmt.Sprintf(tr(l, "users.created"), u.Name, password))
}

func (a *Auth) setDisabled(c *gin.Context, disabled bool) {
	l, name := lang(c), c.Param("name")
	if disabled && name == actor(c) {
		a.showUsers(c, http.StatusUnprocessableEntity, tr(l, "users.self"), "")
		return
	}
	err := a.SetDisabled(c.Request.Context(), name, disabled, actor(c))
	if a.userChangeFailed(c, l, err) {
		return
	}
	recordChange(c, gin.H{"disabled": !disabled}, gin.H{"disabled": disabled})
	c.Redirect(http.StatusSeeOther, "/admin/users"+i18n.LangQuery(l))
}

// userChangeFailed answers a change to a user that did not happen: the
// users page saying there is no such user, or the error page.
func (a *Auth) userChangeFailed(c *gin.Context, l string, err error) bool {
	switch {
	case errors.Is(err, ErrNoUser):
		a.showUsers(c, http.StatusNotFound, tr(l, "users.none"), "")
	case err != nil:
		_ = c.Error(err)
	}
	return err != nil
}

func (a *Auth) disableUser(c *gin.Context) { a.setDisabled(c, true) }
func (a *Auth) enableUser(c *gin.Context)  { a.setDisabled(c, false) }

func (a *Auth) resetPassword(c *gin.Context) {
	l, name := lang(c), c.Param("name")
	password := NewPassword()
	err := a.SetPassword(c.Request.Context(), name, password, actor(c))
	if a.userChangeFailed(c, l, err) {
		return
	}
	recordChange(c, nil, gin.H{"password": "reset", "sessions": "ended"})
	a.showUsers(c, http.StatusOK, "", fmt.Sprintf(tr(l, "users.resetdone"), name, password))
}

func (a *Auth) auditPage(c *gin.Context) {
	p := a.newPage(c, "audit", "audit.heading")
	f := AuditFilter{User: strings.TrimSpace(c.Query("user")), Action: strings.TrimSpace(c.Query("action"))}
	p.Filter.User, p.Filter.Action, p.Filter.From, p.Filter.To = f.User, f.Action, c.Query("from"), c.Query("to")
	loc := i18n.Vietnam
	for _, d := range []struct {
		s   string
		dst *time.Time
		add int
	}{{p.Filter.From, &f.From, 0}, {p.Filter.To, &f.To, 1}} {
		if d.s == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.s, loc)
		if err != nil {
			p.Error = tr(p.Lang, "audit.baddate")
			a.render(c, http.StatusBadRequest, "audit", p)
			return
		}
		*d.dst = t.AddDate(0, 0, d.add)
	}
	if c.Query("format") == "csv" {
		f.Limit = 100000
	}
	entries, err := a.Audit(c.Request.Context(), f)
	if err != nil {
		_ = c.Error(err)
		return
	}
	if c.Query("format") == "csv" {
		a.auditCSV(c, entries)
		return
	}
	p.Entries = entries
	q := c.Request.URL.Query()
	q.Set("format", "csv")
	p.CSVURL = (&url.URL{Path: "/admin/audit", RawQuery: q.Encode()}).String()
	a.render(c, http.StatusOK, "audit", p)
}

func (a *Auth) auditCSV(c *gin.Context, entries []Entry) {
	rows := [][]csvout.Field{csvout.Texts("at", "user", "role", "remote", "method", "path", "route", "status", "action", "target", "before", "after")}
	for _, e := range entries {
		row := csvout.Texts(e.At.UTC().Format(time.RFC3339), e.User, e.Role, e.Remote, e.Method, e.Path, e.Route)
		row = append(row, csvout.Number(float64(e.Status)))
		rows = append(rows, append(row, csvout.Texts(e.Action, e.Target, e.Before, e.After)...))
	}
	c.Header("Content-Disposition", `attachment; filename="bdg-nhat-ky.csv"`)
	web.NoStore(c)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", csvout.Write(rows))
}
