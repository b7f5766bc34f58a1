package catalogue

import (
	"fmt"
	"math"
	"strings"
)

// Severity is how much a failed rule weighs: an error blocks publishing
// (unless an officer overrides it with a reason), a warning asks for an
// acknowledgement.
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// RuleKind is what a validation rule checks.
type RuleKind string

// Rule kinds. Outliers (a value far from the commune's own history and its
// peers) need history, so analytics checks them; the others need only the
// report's own values.
const (
	RulePartOfWhole RuleKind = "part_of_whole" // Part ≤ Whole
	RuleRatioParts  RuleKind = "ratio_parts"   // a stated ratio agrees with its parts
	RuleAtMost      RuleKind = "at_most"       // Part ≤ Whole where the catalogue says so, as a warning
	RuleOutlier     RuleKind = "outlier"
)

// Rule is one validation rule, with its messages in both languages: %[1]s
// is the first field's name, %[2]s the second's, %[3]s and %[4]s their values.
type Rule struct {
	ID        string   `json:"id"`
	Kind      RuleKind `json:"kind"`
	Severity  Severity `json:"severity"`
	Field     string   `json:"field"` // the value the failure is shown beside
	Other     string   `json:"other,omitempty"`
	MessageVI string   `json:"message_vi"`
	MessageEN string   `json:"message_en"`
}

// Failure is a rule a report's values do not pass.
type Failure struct {
	Rule      string   `json:"rule"`
	Severity  Severity `json:"severity"`
	Field     string   `json:"field"`
	MessageVI string   `json:"message_vi"`
	MessageEN string   `json:"message_en"`
}

// Message is the failure in lang.
func (f Failure) Message(lang string) string {
	if lang == "en" {
		return f.MessageEN
	}
	return f.MessageVI
}

// ratioTolerance is how far (in percentage points) a stated ratio may be
// from the one its parts give: reports round to whole or one-decimal percents.
const ratioTolerance = 1.0

// warnAtMost lists pairs (part, whole) that are usually ordered but not
// always: more victims supported than incidents can happen (one case,
// several victims; support for earlier cases), so it is a warning to look
// at, not an error.
var warnAtMost = [][2]string{{"gbv_victims_supported", "gbv_incidents"}}

// Rules are the catalogue's validation rules, one place for every entry
// path and for publishing: a part never exceeds its whole (female staff of
// all staff), a stated ratio agrees with its parts, and the pairs that are
// usually ordered. Range checks (counts are whole and not negative, ratios
// 0–100) refuse a value at entry and are not rules to override.
func (c *Catalogue) Rules() []Rule {
	var out []Rule
	for _, pw := range c.parts {
		part, _ := c.Get(pw[0])
		whole, _ := c.Get(pw[1])
		out = append(out, Rule{ID: "part_of_whole:" + part.Code, Kind: RulePartOfWhole, Severity: SeverityError,
			Field: part.Code, Other: whole.Code,
			MessageVI: "%[1]s (%[3]s) lớn hơn %[2]s (%[4]s): phần không thể lớn hơn tổng",
			MessageEN: "%[1]s (%[3]s) is larger than %[2]s (%[4]s): a part cannot exceed its whole"})
	}
	for _, ind := range c.list {
		if ind.IsRatio() {
			out = append(out, Rule{ID: "ratio_parts:" + ind.Code, Kind: RuleRatioParts, Severity: SeverityError,
				Field: ind.Code, Other: ind.Numerator,
				MessageVI: "%[1]s ghi %[3]s%% nhưng các số thành phần cho %[4]s%%",
				MessageEN: "%[1]s states %[3]s%% but its parts give %[4]s%%"})
		}
	}
	for _, pw := range warnAtMost {
		a, okA := c.Get(pw[0])
		b, okB := c.Get(pw[1])
		if okA && okB {
			out = append(out, Rule{ID: "at_most:" + a.Code, Kind: RuleAtMost, Severity: SeverityWarning,
				Field: a.Code, Other: b.Code,
				MessageVI: "%[1]s (%[3]s) nhiều hơn %[2]s (%[4]s): hãy kiểm tra lại",
				MessageEN: "%[1]s (%[3]s) is more than %[2]s (%[4]s): please check"})
		}
	}
	// Last, and only one: Outlier relies on both.
	out = append(out, Rule{ID: "outlier", Kind: RuleOutlier, Severity: SeverityWarning,
		MessageVI: "%[1]s (%[3]s) khác xa số liệu thường gặp (%[4]s)",
		MessageEN: "%[1]s (%[3]s) is far from the usual figures (%[4]s)"})
	return out
}

// Check runs the rules that need only the report's own values and returns
// what fails, in rule order; each failure carries both messages, each with
// the indicators' names in its language.
func (c *Catalogue) Check(values Figures) []Failure {
	var out []Failure
	for _, r := range c.Rules() {
		switch r.Kind {
		case RulePartOfWhole, RuleAtMost:
			part, ok1 := values[r.Field]
			whole, ok2 := values[r.Other]
			if ok1 && ok2 && part > whole {
				out = append(out, c.fail(r, r.Field, r.Other, num(part), num(whole)))
			}
		case RuleRatioParts:
			ind, _ := c.Get(r.Field)
			stated, ok := values[ind.Code]
			computed, ok2 := ratio(values[ind.Numerator], values[ind.Denominator], hasBoth(values, ind))
			if ok && ok2 && math.Abs(stated-computed) > ratioTolerance {
				out = append(out, c.fail(r, r.Field, r.Other, num(stated), num(math.Round(computed*10)/10)))
			}
		}
	}
	return out
}

// Outlier is the outlier rule's failure for a value far from what it was
// compared with: the commune's own earlier periods (peers false) or the
// other communes of the period (peers true), whose median is median.
func (c *Catalogue) Outlier(code string, value, median float64, peers bool) Failure {
	vi, en := "trung vị các kỳ trước: "+vnNum(num(median)), "median of earlier periods: "+num(median)
	if peers {
		vi, en = "trung vị các xã cùng kỳ: "+vnNum(num(median)), "median of the other communes: "+num(median)
	}
	ind, _ := c.Get(code)
	rule := c.Rules()[len(c.Rules())-1] // the outlier rule is the last
	return Failure{Rule: rule.ID, Severity: rule.Severity, Field: code,
		MessageVI: fmt.Sprintf(rule.MessageVI, ind.Name("vi"), "", vnNum(num(value)), vi),
		MessageEN: fmt.Sprintf(rule.MessageEN, ind.Name("en"), "", num(value), en)}
}

// fail fills a rule's messages with the fields' names and the values.
func (c *Catalogue) fail(r Rule, field, other, v1, v2 string) Failure {
	name := func(code, lang string) string {
		if ind, ok := c.Get(code); ok {
			return ind.Name(lang)
		}
		return code
	}
	return Failure{Rule: r.ID, Severity: r.Severity, Field: field,
		MessageVI: fmt.Sprintf(r.MessageVI, name(field, "vi"), name(other, "vi"), vnNum(v1), vnNum(v2)),
		MessageEN: fmt.Sprintf(r.MessageEN, name(field, "en"), name(other, "en"), v1, v2)}
}

// num writes a value plainly (no grouping): rules speak of what was typed.
func num(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", v), "0"), ".")
}

func vnNum(s string) string { return strings.Replace(s, ".", ",", 1) }
