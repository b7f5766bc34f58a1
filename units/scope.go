package units

import (
	"fmt"
	"slices"

	"github.com/bdg-district/bdg/period"
)

// Scope is the one unit a commune reporter (xã báo cáo) acts for: a commune
// code of one era. Codes are reused across the 1 July 2025 reform (06364 is
// xã Chiến Thắng before it and xã Vũ Lễ from it), so a code alone does not
// name a unit. Successor is the 2025 commune the pre-2025 unit went into,
// only when an administrator granted it (the lineage allows it, it does not
// decide it).
type Scope struct {
	Era       period.Era `json:"era"`
	Code      string     `json:"code"`
	Successor string     `json:"successor,omitempty"`
}

// Owns tells whether the scope covers commune code of era.
func (s Scope) Owns(era period.Era, code string) bool {
	if s.Era == "" || s.Code == "" || code == "" {
		return false
	}
	return (era == s.Era && code == s.Code) || (s.Successor != "" && era == period.Era2025 && code == s.Successor)
}

// CodeIn is the scope's commune code in era, "" when it has none there.
func (s Scope) CodeIn(era period.Era) string {
	switch {
	case s.Era == "" || s.Code == "":
		return ""
	case era == s.Era:
		return s.Code
	case era == period.Era2025 && s.Successor != "":
		return s.Successor
	}
	return ""
}

// Codes lists the scope's codes (its own, then the successor's).
func (s Scope) Codes() []string {
	if s.Successor != "" {
		return []string{s.Code, s.Successor}
	}
	return []string{s.Code}
}

// String is the scope for people and logs: "06364 (pre2025) → 06364 (2025)".
func (s Scope) String() string {
	out := fmt.Sprintf("%s (%s)", s.Code, s.Era)
	if s.Successor != "" {
		out += fmt.Sprintf(" → %s (%s)", s.Successor, period.Era2025)
	}
	return out
}

// ScopeError is a scope that names no unit, or a successor the lineage does
// not allow.
type ScopeError struct{ Reason string }

// Error says what is wrong.
func (e *ScopeError) Error() string { return "units: " + e.Reason }

// ResolveScope checks a reporter's scope against the unit lists and the
// lineage and completes it: an empty era is the era in which code names a
// commune, and when it names one in both eras the era must be given (the
// error names both units); a successor must be a 2025 commune that the
// pre-2025 unit went into, wholly or in part.
func ResolveScope(idx *Index, lineage []Link, s Scope) (Scope, error) {
	if !ValidCommuneCode(s.Code) {
		return s, &ScopeError{"a commune reporter needs a 5-digit commune code"}
	}
	if s.Era == "" {
		before, inBefore := idx.Commune(period.EraPre2025, s.Code)
		after, inAfter := idx.Commune(period.Era2025, s.Code)
		switch {
		case inBefore && inAfter:
			return s, &ScopeError{fmt.Sprintf("commune code %s is %s before 1 July 2025 and %s from then on: say which era (pre2025 or 2025)",
				s.Code, before.FullName(), after.FullName())}
		case inBefore:
			s.Era = period.EraPre2025
		case inAfter:
			s.Era = period.Era2025
		default:
			return s, &ScopeError{fmt.Sprintf("no commune has the code %s", s.Code)}
		}
	}
	if s.Era != period.EraPre2025 && s.Era != period.Era2025 {
		return s, &ScopeError{fmt.Sprintf("unknown era %q (pre2025 or 2025)", s.Era)}
	}
	if _, ok := idx.Commune(s.Era, s.Code); !ok {
		return s, &ScopeError{fmt.Sprintf("no commune has the code %s in the era %s", s.Code, s.Era)}
	}
	if s.Successor == "" {
		return s, nil
	}
	if s.Era != period.EraPre2025 {
		return s, &ScopeError{"only a pre-2025 commune has a successor"}
	}
	if _, ok := idx.Commune(period.Era2025, s.Successor); !ok {
		return s, &ScopeError{fmt.Sprintf("no 2025 commune has the code %s", s.Successor)}
	}
	if !slices.ContainsFunc(lineage, func(l Link) bool { return l.OldCode == s.Code && l.NewCode == s.Successor }) {
		return s, &ScopeError{fmt.Sprintf("commune %s did not go into %s on 1 July 2025 (see the lineage)", s.Code, s.Successor)}
	}
	return s, nil
}
