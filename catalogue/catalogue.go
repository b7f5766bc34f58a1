// Package catalogue holds the indicator catalogue (danh mục chỉ tiêu) and the
// aggregation rules that say how an indicator adds up over communes and over
// periods. The catalogue is data: Default seeds the database, and a running
// bdg reads the catalogue back from ClickHouse so a district can add an
// indicator without a release.
package catalogue

import "sort"

// Agg is how values combine.
type Agg string

// Aggregation rules from the domain: counts sum, stocks take the latest
// value, ratios are recomputed from summed parts and never averaged.
const (
	Sum    Agg = "sum"
	Latest Agg = "latest"
	Ratio  Agg = "ratio"
)

// Indicator is one catalogue entry.
type Indicator struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	Unit   string `json:"unit"`    // Vietnamese unit word as reports write it (cuộc, lượt người, %)
	UnitEN string `json:"unit_en"` // English unit
	// OverCommunes is Sum or Ratio; OverPeriods is Sum or Latest.
	OverCommunes Agg `json:"over_communes"`
	OverPeriods  Agg `json:"over_periods"`
	// Numerator and Denominator name the count indicators a ratio is made of.
	Numerator   string `json:"numerator,omitempty"`
	Denominator string `json:"denominator,omitempty"`
	// Parent names the whole that this indicator is a part of ("trong đó nữ").
	Parent string `json:"parent,omitempty"`
	Order  int    `json:"order"`
	// Direction says which way is better: more awareness sessions are good
	// news, more violence cases bad news; most staff counts are neither.
	// Pages colour changes by it.
	Direction Direction `json:"direction"`
	// Target is a goal set for the indicator, when there is one with a
	// source that can be cited.
	Target *Target `json:"target,omitempty"`
}

// Direction is which way of change is better.
type Direction string

// Directions.
const (
	HigherIsBetter Direction = "up"
	LowerIsBetter  Direction = "down"
	Neutral        Direction = ""
)

// Kind is what an indicator measures, from its aggregation rules: a count
// of what happened in the period (sums over periods), a stock at the
// period's end (the latest value), or a ratio of two others.
type Kind string

// Kinds.
const (
	Count Kind = "count"
	Stock Kind = "stock"
	Share Kind = "ratio"
)

// Kind says whether ind is a count, a stock or a ratio.
func (i Indicator) Kind() Kind {
	switch {
	case i.IsRatio():
		return Share
	case i.OverPeriods == Latest:
		return Stock
	}
	return Count
}

// Target is a goal for an indicator's area figure: at least (">=") or at
// most ("<=") Value, with where it comes from.
type Target struct {
	Op       string  `json:"op"`
	Value    float64 `json:"value"`
	SourceVI string  `json:"source_vi"`
	SourceEN string  `json:"source_en"`
}

// Change says how a change of ind from before to after reads: its sign
// (+1, -1, 0) and whether it is good news (+1), bad news (-1) or neither
// (0) by the indicator's direction.
func (i Indicator) Change(before, after float64) (sign, verdict int) {
	switch {
	case after > before:
		sign = 1
	case after < before:
		sign = -1
	}
	switch i.Direction {
	case HigherIsBetter:
		verdict = sign
	case LowerIsBetter:
		verdict = -sign
	}
	return sign, verdict
}

// IsRatio reports whether the indicator is a percentage of two others.
func (i Indicator) IsRatio() bool { return i.OverCommunes == Ratio }

// Name returns the name in lang ("en" or Vietnamese).
func (i Indicator) Name(lang string) string {
	if lang == "en" {
		return i.NameEN
	}
	return i.NameVI
}

// UnitLabel returns the unit in lang.
func (i Indicator) UnitLabel(lang string) string {
	if lang == "en" {
		return i.UnitEN
	}
	return i.Unit
}

// Default is the catalogue of domain.md; its codes are fixed.
func Default() []Indicator {
	return []Indicator{
		{Code: "comm_sessions", NameVI: "Số cuộc (buổi) tuyên truyền về bình đẳng giới", NameEN: "Gender-equality awareness sessions", Unit: "cuộc", UnitEN: "sessions", OverCommunes: Sum, OverPeriods: Sum, Order: 10, Direction: HigherIsBetter},
		{Code: "listeners_reached", NameVI: "Số lượt người nghe / tham dự tuyên truyền", NameEN: "Listeners reached by awareness sessions", Unit: "lượt người", UnitEN: "person-times", OverCommunes: Sum, OverPeriods: Sum, Order: 20, Direction: HigherIsBetter},
		{Code: "gbv_incidents", NameVI: "Số vụ bạo lực gia đình, bạo lực trên cơ sở giới", NameEN: "Domestic and gender-based violence incidents", Unit: "vụ", UnitEN: "cases", OverCommunes: Sum, OverPeriods: Sum, Order: 30, Direction: LowerIsBetter},
		{Code: "gbv_victims_supported", NameVI: "Số nạn nhân bạo lực được hỗ trợ, tư vấn", NameEN: "Violence victims supported or counselled", Unit: "người", UnitEN: "persons", OverCommunes: Sum, OverPeriods: Sum, Order: 40},
		{Code: "gender_staff_total", NameVI: "Số cán bộ làm công tác bình đẳng giới (chuyên trách và kiêm nhiệm)", NameEN: "Staff working on gender equality (full- and part-time)", Unit: "người", UnitEN: "persons", OverCommunes: Sum, OverPeriods: Latest, Order: 50},
		{Code: "gender_staff_female", NameVI: "Số cán bộ làm công tác bình đẳng giới, trong đó nữ", NameEN: "Gender-equality staff, of whom women", Unit: "người", UnitEN: "persons", OverCommunes: Sum, OverPeriods: Latest, Parent: "gender_staff_total", Order: 60},
		{Code: "female_staff_ratio", NameVI: "Tỷ lệ nữ trong cán bộ làm công tác bình đẳng giới", NameEN: "Share of women among gender-equality staff", Unit: "%", UnitEN: "%", OverCommunes: Ratio, OverPeriods: Latest, Numerator: "gender_staff_female", Denominator: "gender_staff_total", Order: 70},
		{Code: "cadre_total", NameVI: "Tổng số cán bộ, công chức xã", NameEN: "Commune cadres and civil servants", Unit: "người", UnitEN: "persons", OverCommunes: Sum, OverPeriods: Latest, Order: 80},
		{Code: "cadre_female", NameVI: "Tổng số cán bộ, công chức xã, trong đó nữ", NameEN: "Commune cadres and civil servants, of whom women", Unit: "người", UnitEN: "persons", OverCommunes: Sum, OverPeriods: Latest, Parent: "cadre_total", Order: 90},
		{Code: "female_cadre_ratio", NameVI: "Tỷ lệ nữ cán bộ, công chức xã", NameEN: "Share of women among commune cadres", Unit: "%", UnitEN: "%", OverCommunes: Ratio, OverPeriods: Latest, Numerator: "cadre_female", Denominator: "cadre_total", Order: 100, Direction: HigherIsBetter},
		{Code: "training_sessions", NameVI: "Số lớp (buổi) tập huấn, bồi dưỡng về bình đẳng giới", NameEN: "Gender-equality training classes", Unit: "lớp", UnitEN: "classes", OverCommunes: Sum, OverPeriods: Sum, Order: 110, Direction: HigherIsBetter},
		{Code: "training_attendance", NameVI: "Số lượt người tham gia tập huấn, bồi dưỡng", NameEN: "Training attendance", Unit: "lượt người", UnitEN: "person-times", OverCommunes: Sum, OverPeriods: Sum, Order: 120, Direction: HigherIsBetter},
		{Code: "plans_issued", NameVI: "Số kế hoạch ban hành", NameEN: "Plans issued", Unit: "văn bản", UnitEN: "documents", OverCommunes: Sum, OverPeriods: Sum, Order: 130, Direction: HigherIsBetter},
		{Code: "decisions_issued", NameVI: "Số quyết định ban hành", NameEN: "Decisions issued", Unit: "văn bản", UnitEN: "documents", OverCommunes: Sum, OverPeriods: Sum, Order: 140, Direction: HigherIsBetter},
		{Code: "contest_teams", NameVI: "Số đội tham gia hội thi", NameEN: "Teams in contests", Unit: "đội", UnitEN: "teams", OverCommunes: Sum, OverPeriods: Sum, Order: 150, Direction: HigherIsBetter},
		{Code: "contest_participants", NameVI: "Số người tham gia hội thi (dự thi)", NameEN: "Contest participants", Unit: "người", UnitEN: "persons", OverCommunes: Sum, OverPeriods: Sum, Order: 160, Direction: HigherIsBetter},
		{Code: "community_models", NameVI: "Số mô hình, địa chỉ tin cậy, nhà tạm lãnh đang hoạt động", NameEN: "Community models, safe addresses and shelters in operation", Unit: "mô hình", UnitEN: "models", OverCommunes: Sum, OverPeriods: Latest, Order: 170, Direction: HigherIsBetter},
	}
}

// Catalogue is an indexed, ordered list of indicators.
type Catalogue struct {
	list   []Indicator
	byCode map[string]int
	parts  [][2]string // (part, whole) codes
}

// New indexes a list of indicators, ordered by Order then code.
func New(list []Indicator) *Catalogue {
	l := append([]Indicator(nil), list...)
	sort.SliceStable(l, func(a, b int) bool {
		if l[a].Order != l[b].Order {
			return l[a].Order < l[b].Order
		}
		return l[a].Code < l[b].Code
	})
	c := &Catalogue{list: l, byCode: make(map[string]int, len(l))}
	for i, ind := range l {
		c.byCode[ind.Code] = i
		if ind.Parent != "" {
			c.parts = append(c.parts, [2]string{ind.Code, ind.Parent})
		}
	}
	return c
}

// Subsets lists (part, whole) code pairs: indicators that count a subset of
// another (female staff of all staff). Every stored report is checked
// against them, so the list is built once and shared: do not modify it.
func (c *Catalogue) Subsets() [][2]string { return c.parts }

// All returns the indicators in display order.
func (c *Catalogue) All() []Indicator { return append([]Indicator(nil), c.list...) }

// Get finds an indicator by code.
func (c *Catalogue) Get(code string) (Indicator, bool) {
	i, ok := c.byCode[code]
	if !ok {
		return Indicator{}, false
	}
	return c.list[i], true
}

// Parts returns the codes whose values a district figure of ind needs:
// the numerator and denominator for a ratio, else the indicator itself.
func (c *Catalogue) Parts(ind Indicator) []string {
	if ind.IsRatio() {
		return []string{ind.Numerator, ind.Denominator}
	}
	return []string{ind.Code}
}
