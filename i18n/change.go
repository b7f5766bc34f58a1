package i18n

import "math"

// PointsUnit is the unit of a change of a percentage: điểm phần trăm.
func PointsUnit(lang string) string { return Pick(lang, "điểm %", "pp") }

// FormatSigned writes v with a plus sign when it is above zero once
// rounded as shown ("+3", "-2,5", "0").
func FormatSigned(v float64, lang string) string {
	s := FormatNumber(v, lang)
	if math.Round(v*10) > 0 {
		return "+" + s
	}
	return s
}

// FormatChange writes the change from before to now the one way every
// page, export and document writes it: a ratio moves in percentage points
// ("+8,8 điểm %"), a count in number and percent ("+460 (+4,1%)", or "+3"
// when before was zero); "–" when either side is unknown.
func FormatChange(now, before *float64, ratio bool, lang string) string {
	if now == nil || before == nil {
		return "–"
	}
	diff := *now - *before
	if ratio {
		return FormatSigned(diff, lang) + " " + PointsUnit(lang)
	}
	if *before == 0 {
		return FormatSigned(diff, lang)
	}
	return FormatSigned(diff, lang) + " (" + FormatSigned(100*diff / *before, lang) + "%)"
}
