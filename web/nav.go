package web

// navItem is one link of the navigation: the route that must be allowed
// for it to show, and its label key.
type navItem struct {
	Key, Path, Label string
}

// navItems is the whole navigation in its order; navFor keeps what the
// caller may use, so nobody sees a link that answers 403.
var navItems = []navItem{
	{"overview", "/", "nav.overview"},
	{"compare", "/compare/communes", "nav.compare"},
	{"periods", "/compare/periods", "nav.periods"},
	{"trends", "/trends", "nav.trends"},
	{"completeness", "/completeness", "nav.completeness"},
	{"reports", "/reports", "nav.reports"},
	{"inbox", "/review", "nav.inbox"},
	{"mine", "/review/mine", "nav.mine"},
	{"summary", "/summary", "nav.summary"},
	{"upload", "/review/upload", "nav.upload"},
	{"form", "/review/form", "nav.form"},
	{"import", "/review/import", "nav.import"},
	{"users", "/admin/users", "nav.users"},
	{"audit", "/admin/audit", "nav.audit"},
}

func navFor(w Who) []navItem {
	var out []navItem
	for _, it := range navItems {
		if w.May("GET " + it.Path) {
			out = append(out, it)
		}
	}
	return out
}
