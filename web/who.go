package web

import "github.com/gin-gonic/gin"

// Who is the signed-in caller as the pages see it. auth puts it in the
// request; pages only read it, so they need not import auth.
type Who struct {
	User    string
	Role    string
	Commune string
	// Token is set for an API token caller: errors are JSON, never pages.
	Token bool
	// CSRF is the session's form token ("" for tokens).
	CSRF string
	// Can tells whether the caller may use a route ("GET /trends"): the
	// access table decides what the navigation and the pages offer.
	Can func(route string) bool
}

// SignedIn tells whether anyone is signed in.
func (w Who) SignedIn() bool { return w.User != "" }

// May is Can for templates, false when no one is signed in.
func (w Who) May(route string) bool { return w.Can != nil && w.Can(route) }

const whoKey = "bdg.web.who"

// SetWho records the caller for the pages and the error middleware.
func SetWho(c *gin.Context, w Who) { c.Set(whoKey, w) }

// WhoFrom returns the caller, the zero Who when none signed in.
func WhoFrom(c *gin.Context) Who {
	if v, ok := c.Get(whoKey); ok {
		if w, ok := v.(Who); ok {
			return w
		}
	}
	return Who{}
}

// Home is where the caller starts: the overview for those who may read
// the dashboards, else the first page they may use.
func (w Who) Home() string {
	for _, it := range navItems {
		if w.May("GET " + it.Path) {
			return it.Path
		}
	}
	return "/login"
}

// Name is the user for audit fields and "submitted by"; requests served
// without access control (page tests) act as "anonymous".
func (w Who) Name() string {
	if w.User == "" {
		return "anonymous"
	}
	return w.User
}

// OwnCommune is the one commune a commune reporter may act for, "" for
// everyone else.
func (w Who) OwnCommune() string {
	if w.Role == "reporter" {
		return w.Commune
	}
	return ""
}

const auditKey = "bdg.web.audit"

// AuditDetail records what a state-changing request decided (a publishing
// override and its reason, a restored version) for its audit entry.
func AuditDetail(c *gin.Context, v any) { c.Set(auditKey, v) }

// AuditDetailOf is what the handler recorded with AuditDetail, if anything.
func AuditDetailOf(c *gin.Context) (any, bool) { return c.Get(auditKey) }
