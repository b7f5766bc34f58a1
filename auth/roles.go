package auth

import (
	"fmt"
	"slices"

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

// checkScope: a reporter is bound to exactly one commune, others to none.
func checkScope(role Role, commune string) error {
	if role == RoleReporter && !units.ValidCommuneCode(commune) {
		return &InputError{"a reporter needs a 5-digit commune code (--commune)"}
	}
	if role != RoleReporter && commune != "" {
		return &InputError{"only a reporter is bound to a commune"}
	}
	return nil
}
