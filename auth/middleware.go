package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/units"
	"github.com/bdg-district/bdg/web"
	"github.com/gin-gonic/gin"
)

// principalKey is the gin context key of the authenticated Principal.
const principalKey = "bdg.auth.principal"

// Principal is who makes a request: a logged-in user or an API token.
type Principal struct {
	User    string // user name, or "token:ID"
	Role    Role
	Commune string      // a reporter's commune code (Scope.Code)
	Scope   units.Scope // a commune reporter's unit: its code, era and granted successor
	TokenID string      // set for bearer tokens
	session *Session
}

// FromContext returns the request's principal, if it authenticated.
func FromContext(c *gin.Context) (*Principal, bool) {
	v, ok := c.Get(principalKey)
	if !ok {
		return nil, false
	}
	p, ok := v.(*Principal)
	return p, ok && p != nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// who is the caller as pages see it: the access table decides what they
// may be offered.
func (a *Auth) who(role Role, user string, scope units.Scope, csrf string) web.Who {
	return web.Who{User: user, Role: string(role), Commune: scope.Code, Scope: scope, CSRF: csrf, Can: func(route string) bool {
		method, path, _ := strings.Cut(route, " ")
		rule, ok := a.RuleFor(method, path)
		return ok && rule.Allows(role)
	}}
}

// setPrincipal records the caller for access control and for the pages.
func (a *Auth) setPrincipal(c *gin.Context, p *Principal) {
	c.Set(principalKey, p)
	csrf := ""
	if p.session != nil {
		csrf = p.session.CSRF
	}
	w := a.who(p.Role, p.User, p.Scope, csrf)
	w.Token = p.TokenID != ""
	web.SetWho(c, w)
	// A signed-in answer (a page, an export) is nobody else's: kept in no
	// cache, so Back after logging out shows nothing. Static files are not
	// signed in and keep their long caching; a handler may say otherwise
	// (the cached comparison's ETag).
	web.NoStore(c)
}

// Authenticate finds the request's principal: an Authorization: Bearer
// token, or the session cookie. It does not decide access (Guard does).
func (a *Auth) Authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		rule, known := a.RuleFor(c.Request.Method, c.FullPath())
		public := known && rule.Public
		// A public route (health checks, the login page) ignores credentials
		// it cannot use rather than refusing the request; one it can use
		// (an administrator asking /healthz for details) counts.
		if h := c.GetHeader("Authorization"); h != "" {
			scheme, secret, _ := strings.Cut(h, " ")
			if !strings.EqualFold(scheme, "Bearer") {
				if !public {
					a.auditRefused(c, "not_bearer")
					a.deny(c, http.StatusUnauthorized, "unauthorized", "Chỉ chấp nhận mã truy cập dạng Bearer", "Only Bearer tokens are accepted")
					return
				}
				c.Next()
				return
			}
			t, ok, err := a.TokenFor(ctx, strings.TrimSpace(secret))
			if (err != nil || !ok) && public {
				c.Next()
				return
			}
			if err != nil {
				web.Abort(c, err)
				return
			}
			if !ok {
				a.auditRefused(c, "token_invalid")
				a.deny(c, http.StatusUnauthorized, "token_invalid", "Mã truy cập không hợp lệ hoặc đã bị thu hồi", "The token is invalid or revoked")
				return
			}
			a.setPrincipal(c, &Principal{User: "token:" + t.ID, Role: t.Role, Commune: t.Commune, Scope: t.Scope(), TokenID: t.ID})
			c.Next()
			return
		}
		if v, err := c.Cookie(SessionCookie); err == nil && v != "" {
			s, ok, err := a.Session(ctx, v)
			switch {
			case err != nil && !public:
				web.Abort(c, err)
				return
			case ok:
				a.setPrincipal(c, &Principal{User: s.User, Role: s.user.Role, Commune: s.user.Commune, Scope: s.user.Scope(), session: &s})
				// A signed-in page is nobody else's: not kept in any cache, so
				// Back after logging out shows nothing (static files are not
				// signed in and keep their long caching).
				web.NoStore(c)
			}
		}
		c.Next()
	}
}

// Guard applies the access table to every request (by the route Gin
// matched), checks CSRF on state-changing requests from a browser session,
// and writes every state-changing request to the audit log.
func (a *Auth) Guard() gin.HandlerFunc {
	return func(c *gin.Context) {
		route := c.FullPath()
		rule, known := a.RuleFor(c.Request.Method, route)
		// Every body is bounded before anything reads it, public routes
		// included: a multipart login must not fill the disk.
		if c.Request.Body != nil && c.Request.Body != http.NoBody && !a.boundBody(c, rule) {
			return
		}
		if known && rule.Public {
			c.Next()
			return
		}
		p, authed := FromContext(c)
		if !authed {
			a.auditRefused(c, "not_signed_in")
			a.unauthenticated(c)
			return
		}
		if route == "" { // no such page: the 404 handler answers
			c.Next()
			return
		}
		ctx := c.Request.Context()
		var ev *Entry
		if !safeMethod(c.Request.Method) {
			ev = a.newEntry(c, p, rule)
			c.Set(entryKey, ev) // AuditWrites writes it once the answer is written
		}
		if !known {
			a.log.Error("auth: route has no access rule; denied", "route", c.Request.Method+" "+route)
			a.forbidden(c)
			return
		}
		if !rule.Allows(p.Role) {
			a.forbidden(c)
			return
		}
		if rule.Scope == ScopeReport && p.Role == RoleReporter {
			own, err := a.ownReport(ctx, c.Param("id"), p.Scope)
			if err != nil {
				web.Abort(c, err)
				return
			}
			if !own {
				a.deny(c, http.StatusNotFound, "report_not_found", "Không tìm thấy báo cáo", "Report not found")
				return
			}
		}
		if ev != nil && p.session != nil && !a.checkCSRF(c, p.session.CSRF) {
			return
		}
		before, after := ofSelf, ofNewest
		if rule.Values == PublishedVersion {
			before, after = ofPublished, ofSelf
		}
		if ev != nil && rule.Values != NoValues {
			ev.Before = a.snapshot(ctx, c.Param("id"), before)
		}
		c.Next()
		if ev != nil && rule.Values != NoValues {
			ev.After = a.snapshot(context.WithoutCancel(ctx), c.Param("id"), after)
		}
	}
}

// boundBody caps the request's body at the route's limit, and parses a
// form of a route that takes no upload at once, in memory (the cap is far
// below what would spill to disk): past the limit the request is answered
// 413, naming the limit, before any handler runs. An upload's form is
// parsed by the CSRF check or its handler, under the upload's own cap. It
// answers the request itself when it returns false.
func (a *Auth) boundBody(c *gin.Context, rule Rule) bool {
	limit := rule.MaxBody()
	if c.Request.ContentLength > limit {
		a.tooLarge(c, limit)
		return false
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	if rule.Upload {
		return true
	}
	var err error
	switch ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); ct {
	case "multipart/form-data":
		err = c.Request.ParseMultipartForm(limit)
	case "application/x-www-form-urlencoded":
		err = c.Request.ParseForm()
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		a.tooLarge(c, limit)
		return false
	}
	return true
}

// tooLarge answers a body over limit.
func (a *Auth) tooLarge(c *gin.Context, limit int64) {
	a.deny(c, http.StatusRequestEntityTooLarge, "too_large",
		"Tệp hoặc nội dung gửi lên quá lớn: tối đa "+sizeText(limit),
		"The file or form sent is too large: at most "+sizeText(limit))
}

// auditRefused opens the audit entry of a state-changing request refused
// before anyone was known (no session, a bad or revoked token), for
// AuditWrites to write with the status sent. At most AnonymousAudit of them
// per address in LoginWindow are written: a flood must not fill the log,
// nor ClickHouse with one small insert per request.
func (a *Auth) auditRefused(c *gin.Context, reason string) {
	if safeMethod(c.Request.Method) {
		return
	}
	if !a.anonymousBudget(c.ClientIP()) {
		return
	}
	rule, _ := a.RuleFor(c.Request.Method, c.FullPath())
	ev := a.newEntry(c, &Principal{User: "anonymous"}, rule)
	ev.Detail = jsonText(map[string]string{"refused": reason})
	c.Set(entryKey, ev)
}

// anonymousBudget tells whether address ip may have one more anonymous
// entry in the audit log now, and counts it.
func (a *Auth) anonymousBudget(ip string) bool {
	if blocked, _ := a.anonymous.Blocked(ip); blocked {
		return false
	}
	a.anonymous.Fail(ip)
	return true
}

// ownReport tells whether report id is of the reporter's unit (its commune
// in its era, or the successor granted). A report that does not exist is
// not one's own either.
func (a *Auth) ownReport(ctx context.Context, id string, scope units.Scope) (bool, error) {
	if a.reports == nil || id == "" {
		return false, nil
	}
	list, err := a.reports.Reports(ctx, model.ReportFilter{ID: id, Limit: 1})
	if err != nil {
		return false, fmt.Errorf("auth: report scope: %w", err)
	}
	return len(list) == 1 && scope.Owns(list[0].Era, list[0].Commune), nil
}

// unauthenticated answers a request without a valid principal: 401 JSON for
// the API, a redirect to the login page for a person.
func (a *Auth) unauthenticated(c *gin.Context) {
	if web.WantsJSON(c) {
		a.deny(c, http.StatusUnauthorized, "unauthorized", "Cần đăng nhập hoặc mã truy cập (Authorization: Bearer …)",
			"Log in or send a token (Authorization: Bearer …)")
		return
	}
	target := "/login"
	if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
		target += "?next=" + url.QueryEscape(c.Request.URL.RequestURI())
	}
	c.Redirect(http.StatusSeeOther, target)
	c.Abort()
}

func (a *Auth) forbidden(c *gin.Context) {
	a.deny(c, http.StatusForbidden, "forbidden", "Bạn không có quyền truy cập trang hoặc thao tác này",
		"You are not allowed to open this page or do this")
}

// deny ends the request with a bilingual error, written by the one error
// middleware: JSON for the API, the error page for a person.
func (a *Auth) deny(c *gin.Context, status int, code, vi, en string) {
	web.Abort(c, apperr.New(status, code, "", vi, en))
}
