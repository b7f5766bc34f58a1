package summary

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/period"
)

// AuditLog is the part of auth the overrides are read from.
type AuditLog interface {
	Audit(ctx context.Context, f auth.AuditFilter) ([]auth.Entry, error)
}

// AuditOverrides reads overridden validation rules from the audit log. The
// publishing rules (issue 12) record an override on the publish entry:
// action "report.publish…", and an after-state that names the report's
// commune and period with {"override": true, "reason": "…", "rules": […]}
// (or "override": {"reason": …, "rules": …}). Until that is built no entry
// has them, and the report leaves the line out.
type AuditOverrides struct{ Log AuditLog }

// auditScan bounds the entries read: publishing is a few hundred entries a
// period even for a province.
const auditScan = 5000

// Overrides lists the overrides recorded for reports of p, oldest first.
func (a AuditOverrides) Overrides(ctx context.Context, p period.Period) ([]Override, error) {
	entries, err := a.Log.Audit(ctx, auth.AuditFilter{Action: "report.publish", Limit: auditScan})
	if err != nil {
		return nil, err
	}
	var out []Override
	for _, e := range entries {
		if e.Status >= 300 || e.After == "" {
			continue
		}
		o, ok := parseOverride(e.After)
		if !ok || o.Period != p.String() {
			continue
		}
		rule := strings.Join(o.Rules, ", ")
		out = append(out, Override{Commune: o.Commune, Period: p, Rule: rule, Reason: o.Reason, By: e.User, At: e.At})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

type overrideState struct {
	Commune string
	Period  string
	Reason  string
	Rules   []string
}

// parseOverride reads an override from a publish entry's after-state.
func parseOverride(after string) (overrideState, bool) {
	var s struct {
		Commune  string          `json:"commune"`
		Period   string          `json:"period"`
		Override json.RawMessage `json:"override"`
		Reason   string          `json:"reason"`
		Rules    []string        `json:"rules"`
		Rule     string          `json:"rule"`
	}
	if json.Unmarshal([]byte(after), &s) != nil || len(s.Override) == 0 {
		return overrideState{}, false
	}
	var flag bool
	if json.Unmarshal(s.Override, &flag) != nil {
		var inner struct {
			Reason string   `json:"reason"`
			Rules  []string `json:"rules"`
			Rule   string   `json:"rule"`
		}
		if json.Unmarshal(s.Override, &inner) != nil {
			return overrideState{}, false
		}
		flag = true
		if inner.Reason != "" {
			s.Reason = inner.Reason
		}
		s.Rules = append(s.Rules, inner.Rules...)
		if inner.Rule != "" {
			s.Rules = append(s.Rules, inner.Rule)
		}
	}
	if s.Rule != "" {
		s.Rules = append(s.Rules, s.Rule)
	}
	if !flag || s.Reason == "" {
		return overrideState{}, false
	}
	return overrideState{Commune: s.Commune, Period: s.Period, Reason: s.Reason, Rules: s.Rules}, true
}
