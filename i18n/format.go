package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// FormatNumber writes a number the way the reader expects: Vietnamese
// 1.500 and 33,3; English 1,500 and 33.3. At most one decimal is shown.
func FormatNumber(v float64, lang string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	thousands, decimal := ".", ","
	if lang == "en" {
		thousands, decimal = ",", "."
	}
	neg := v < 0
	v = math.Abs(v)
	r := math.Round(v*10) / 10
	whole := math.Floor(r)
	frac := int(math.Round((r - whole) * 10))
	digits := strconv.FormatFloat(whole, 'f', 0, 64)
	var b strings.Builder
	if neg && r != 0 {
		b.WriteByte('-')
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(c)
	}
	if frac != 0 {
		b.WriteString(decimal)
		b.WriteString(strconv.Itoa(frac))
	}
	return b.String()
}

// FormatPercent is FormatNumber with a percent sign: 33,3%.
func FormatPercent(v float64, lang string) string { return FormatNumber(v, lang) + "%" }

// FormatDate writes 30/06/2024 in both languages (the district's usage).
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

// Vietnam is Vietnam's time zone: a fixed UTC+7, no daylight saving. bdg
// uses this one value everywhere rather than the system's zone database,
// which a minimal server may lack.
var Vietnam = time.FixedZone("ICT", 7*3600)

// FormatDateTime writes 30/06/2024 14:05 in Vietnam's time zone.
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Vietnam).Format("02/01/2006 15:04")
}

// FormatDueDate writes the last day of a deadline given as the instant it
// passes (midnight after the day, in Vietnam): 2024-H1's deadline of
// 16/07/2024 00:00 is "15/07/2024", the fifteenth day after 30/06.
func FormatDueDate(deadline time.Time) string {
	return FormatDate(deadline.Add(-time.Second).In(Vietnam))
}
