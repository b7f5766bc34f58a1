package auth

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// Role is what a user or token may do.
type Role string

// The four roles.
const (
	// RoleAdmin (quản trị) manages users, the catalogue and deadlines, and sees the audit log.
	RoleAdmin Role = "admin"
	// RoleOfficer (cán bộ) reviews, corrects and publishes reports and sees every dashboard.
	RoleOfficer Role = "officer"
	// RoleViewer (xem) reads dashboards and exports.
	RoleViewer Role = "viewer"
	// RoleReporter (xã) submits and sees only its own commune's reports.
	RoleReporter Role = "reporter"
)

// AllRoles lists the roles, most powerful first.
func AllRoles() []Role { return []Role{RoleAdmin, RoleOfficer, RoleViewer, RoleReporter} }

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	if slices.Contains(AllRoles(), Role(s)) {
		return Role(s), nil
	}
	return "", &InputError{fmt.Sprintf("unknown role %q (admin, officer, viewer, reporter)", s)}
}

// Label is the role's name for people.
func (r Role) Label(lang string) string {
	vi := map[Role]string{RoleAdmin: "Quản trị", RoleOfficer: "Cán bộ", RoleViewer: "Xem", RoleReporter: "Xã báo cáo"}
	en := map[Role]string{RoleAdmin: "Administrator", RoleOfficer: "Officer", RoleViewer: "Viewer", RoleReporter: "Commune reporter"}
	if lang == "en" {
		return en[r]
	}
	return vi[r]
}

// unitLists are the unit lists and the lineage shipped in the binary,
// indexed on first use: a reporter's scope is checked against them.
type unitLists struct {
	once    sync.Once
	idx     *units.Index
	lineage []units.Link
	err     error
}

func (a *Auth) unitLists() (*units.Index, []units.Link, error) {
	a.units.once.Do(func() {
		list, err := units.Load()
		if err != nil {
			a.units.err = fmt.Errorf("auth: %w", err)
			return
		}
		a.units.idx = units.NewIndex(list)
		if a.units.lineage, err = units.LoadLineage(); err != nil {
			a.units.err = fmt.Errorf("auth: %w", err)
		}
	})
	return a.units.idx, a.units.lineage, a.units.err
}

// checkScope: a commune reporter is bound to exactly one unit of one era
// (and a successor only when asked), others to none.
func (a *Auth) checkScope(role Role, s units.Scope) (units.Scope, error) {
	if role != RoleReporter {
		if s != (units.Scope{}) {
			return units.Scope{}, &InputError{"only a commune reporter is bound to a commune"}
		}
		return s, nil
	}
	if s.Code == "" {
		return s, &InputError{"a commune reporter needs a 5-digit commune code (--commune)"}
	}
	idx, lineage, err := a.unitLists()
	if err != nil {
		return s, err
	}
	out, err := units.ResolveScope(idx, lineage, s)
	var se *units.ScopeError
	if errors.As(err, &se) {
		return s, &InputError{se.Reason}
	}
	return out, err
}

// legacyEra is the era of an account made before scopes had one: the era in
// which code names a commune, or "" when it names one in both (the account
// then acts for nothing until an administrator says which).
func (a *Auth) legacyEra(code string) period.Era {
	idx, lineage, err := a.unitLists()
	if err != nil {
		return ""
	}
	s, err := units.ResolveScope(idx, lineage, units.Scope{Code: code})
	if err != nil {
		a.log.Warn("commune reporter without an era: set it with `bdg user scope`", "commune", code, "reason", err)
		return ""
	}
	return s.Era
}
