package auth

import "slices"

// Scope narrows a rule for reporters.
type Scope int

const (
	// ScopeNone: the role alone decides.
	ScopeNone Scope = iota
	// ScopeReport: a reporter may use the route only for a report (the :id
	// parameter) of its own commune; any other is "not found".
	ScopeReport
)

// Rule is who may use one route, and how its use is audited.
type Rule struct {
	// Public routes answer without authentication.
	Public bool
	// Roles may use the route (ignored when Public).
	Roles []Role
	Scope Scope
	// Action names a state-changing route in the audit log.
	Action string
	// Values says which report values the audit entry records before and
	// after the request (corrections, restores, publishing).
	Values Values
	// Upload routes take a file: their body may be as large as an upload;
	// every other body is a small form or JSON (FormBody).
	Upload bool
}

// FormBody bounds the body of every request that is not an upload: a login,
// a correction, a publishing decision.
const FormBody = 256 << 10

// UploadBody bounds an upload's body: the file (at most 10 MB) and the
// form around it.
const UploadBody = 11 << 20

// MaxBody is the largest body the route accepts.
func (r Rule) MaxBody() int64 {
	if r.Upload {
		return UploadBody
	}
	return FormBody
}

// Values is which versions an audit entry shows before and after.
type Values int

const (
	// NoValues: the entry records no report values.
	NoValues Values = iota
	// NewVersion: the version named before, the newest version after (a
	// correction or a restore made it).
	NewVersion
	// PublishedVersion: the version published before, and the one named,
	// published now.
	PublishedVersion
)

// Allows tells whether role may use the route.
func (r Rule) Allows(role Role) bool { return r.Public || slices.Contains(r.Roles, role) }

// Rules is the access table: every route, as Gin names it ("METHOD
// /full/path" with :params), and who may use it. A route missing here is
// denied to everyone, and the authorization matrix test fails.
func Rules() map[string]Rule {
	public := Rule{Public: true}
	everyone := []Role{RoleAdmin, RoleOfficer, RoleViewer, RoleReporter}
	readers := []Role{RoleAdmin, RoleOfficer, RoleViewer} // dashboards, exports, analytics API
	submitters := []Role{RoleAdmin, RoleOfficer, RoleReporter}
	staff := []Role{RoleAdmin, RoleOfficer} // corrections, publishing
	admins := []Role{RoleAdmin}
	read := func(roles []Role) Rule { return Rule{Roles: roles} }
	write := func(roles []Role, action string) Rule { return Rule{Roles: roles, Action: action} }
	upload := func(roles []Role, action string) Rule { return Rule{Roles: roles, Action: action, Upload: true} }
	return map[string]Rule{
		"GET /healthz":                     public,
		"HEAD /healthz":                    public,
		"GET /static/*path":                public,
		"HEAD /static/*path":               public,
		"GET /login":                       public,
		"POST /login":                      public,
		"GET /logout":                      read(everyone),
		"POST /logout":                     write(everyone, "logout"),
		"GET /admin/users":                 read(admins),
		"POST /admin/users":                write(admins, "user.create"),
		"GET /admin/audit":                 read(admins),
		"POST /admin/users/:name/disable":  write(admins, "user.disable"),
		"POST /admin/users/:name/enable":   write(admins, "user.enable"),
		"POST /admin/users/:name/password": write(admins, "user.password"),

		// Dashboards (each page also exports ?format=csv|xlsx|json).
		"GET /":                 read(readers),
		"GET /compare/communes": read(readers),
		"GET /compare/periods":  read(readers),
		"GET /trends":           read(readers),
		"GET /completeness":     read(readers),
		"GET /communes/:code":   read(readers),
		"GET /reports":          read(readers),
		"GET /reports/:id/text": read(readers),
		"GET /summary":          read(readers), // the office's own report (Word), ?format=docx

		// Analytics API.
		"GET /api/v1/openapi.json":     read(everyone),
		"GET /api/docs":                read(everyone),
		"GET /api/v1/indicators":       read(readers),
		"GET /api/v1/periods":          read(readers),
		"GET /api/v1/communes":         read(readers),
		"GET /api/v1/overview":         read(readers),
		"GET /api/v1/compare/communes": read(readers),
		"GET /api/v1/compare/periods":  read(readers),
		"GET /api/v1/trends":           read(readers),
		"GET /api/v1/completeness":     read(readers),
		"GET /api/v1/quality":          read(readers),
		"GET /api/v1/communes/:code":   read(readers),
		"GET /api/v1/reports":          read(readers),
		"GET /api/v1/reports/:id/text": read(readers),

		// Ingest API.
		"GET /api/v1/reports/:id":              {Roles: everyone, Scope: ScopeReport},
		"POST /api/v1/reports":                 upload(submitters, "report.submit"),
		"POST /api/v1/imports":                 upload(submitters, "report.import"),
		"GET /api/v1/templates/:period":        read(submitters),
		"POST /api/v1/reports/:id/corrections": {Roles: staff, Scope: ScopeReport, Action: "report.correct", Values: NewVersion},
		"POST /api/v1/reports/:id/publish":     {Roles: staff, Scope: ScopeReport, Action: "report.publish", Values: PublishedVersion},
		"POST /api/v1/reports/:id/restore":     {Roles: staff, Scope: ScopeReport, Action: "report.restore", Values: NewVersion},
		"POST /api/v1/reports/:id/withdraw":    {Roles: submitters, Scope: ScopeReport, Action: "report.withdraw"},

		// Review pages.
		"GET /review":               read(staff),
		"GET /api/v1/review":        read(staff),
		"GET /review/mine":          read([]Role{RoleReporter}),
		"GET /review/upload":        read(submitters),
		"POST /review/upload":       upload(submitters, "report.upload"),
		"GET /review/form":          read(submitters),
		"POST /review/form":         write(submitters, "report.form"),
		"GET /review/import":        read(submitters),
		"POST /review/import":       upload(submitters, "report.import"),
		"GET /review/template":      read(submitters),
		"GET /review/:id":           {Roles: submitters, Scope: ScopeReport},
		"POST /review/:id/correct":  {Roles: staff, Scope: ScopeReport, Action: "report.correct", Values: NewVersion},
		"POST /review/:id/publish":  {Roles: staff, Scope: ScopeReport, Action: "report.publish", Values: PublishedVersion},
		"POST /review/:id/restore":  {Roles: staff, Scope: ScopeReport, Action: "report.restore", Values: NewVersion},
		"POST /review/:id/withdraw": {Roles: submitters, Scope: ScopeReport, Action: "report.withdraw"},
	}
}

// RuleFor returns the rule of a route ("GET", "/communes/:code").
func (a *Auth) RuleFor(method, fullPath string) (Rule, bool) {
	r, ok := a.rules[method+" "+fullPath]
	return r, ok
}
