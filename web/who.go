package web

import (
	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// Who is the signed-in caller as the pages see it. auth puts it in the
// request; pages only read it, so they need not import auth.
type Who struct {
	User string
	Role string
	// Commune is a commune reporter's commune code; Scope says in which
	// era, and the 2025 successor it may act for when an administrator
	// granted it. Codes are reused across the 2025 reform: check a
	// commune with Owns, not by its code alone.
	Commune string
	Scope   units.Scope
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

// OwnCommune is the code of the commune a commune reporter acts for, ""
// for everyone else. The code alone does not name a unit (see Owns, Owner
// and CommuneIn, which know its era).
func (w Who) OwnCommune() string {
	if w.Role == "reporter" {
		return w.Commune
	}
	return ""
}

// Owns tells whether the caller may act for commune code of era: any
// commune for everyone but a commune reporter (what they may do is the
// access table's business); for a commune reporter only its own unit, in
// its era, and the 2025 successor an administrator granted.
func (w Who) Owns(era period.Era, code string) bool {
	return w.Role != "reporter" || w.Scope.Owns(era, code)
}

// Owner is a commune reporter's unit, nil for everyone else (who are not
// bound to a commune).
func (w Who) Owner() *units.Scope {
	if w.Role != "reporter" {
		return nil
	}
	s := w.Scope
	return &s
}

// CommuneIn is the commune a commune reporter acts for in era ("" when it
// has none there), and "" for everyone else.
func (w Who) CommuneIn(era period.Era) string {
	if w.Role != "reporter" {
		return ""
	}
	return w.Scope.CodeIn(era)
}

const auditKey = "bdg.web.audit"

// AuditDetail records what a state-changing request decided (a publishing
// override and its reason, a restored version) for its audit entry.
func AuditDetail(c *gin.Context, v any) { c.Set(auditKey, v) }

// AuditDetailOf is what the handler recorded with AuditDetail, if anything.
func AuditDetailOf(c *gin.Context) (any, bool) { return c.Get(auditKey) }
