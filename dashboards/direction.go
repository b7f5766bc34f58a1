package dashboards

import (
	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/i18n"
)

// verdictClass is the CSS class of a change by the indicator's direction:
// "better" (green), "worse" (red), "neutral" (grey: a change that is
// neither), "same" (no change) or "" when either side is unknown.
func verdictClass(ind catalogue.Indicator, now, before *float64) string {
	if now == nil || before == nil {
		return ""
	}
	sign, v := ind.Change(*before, *now)
	switch {
	case sign == 0:
		return "same"
	case v > 0:
		return "better"
	case v < 0:
		return "worse"
	}
	return "neutral"
}

// verdictColor is verdictClass as a colour, for charts and spreadsheets.
func verdictColor(class string) string {
	switch class {
	case "better":
		return "1B7F3B"
	case "worse":
		return "B3261E"
	case "neutral":
		return "5B6B7C"
	}
	return ""
}

// partLabel is " (chưa đủ kỳ: 6 tháng)" after a part year's label, or "".
func partLabel(py *analytics.PartYear, lang string) string {
	if py == nil {
		return ""
	}
	return " (" + T(lang, "partyear.short") + ")"
}

// partNote is the sentence that says what a part year holds and what it
// is compared with, for pages and exports.
func partNote(py *analytics.PartYear, lang string) string {
	if py == nil {
		return ""
	}
	return py.Note(lang)
}

// fileName is a download's name without extension: the title and the
// period in plain ASCII ("so-luot-nguoi-nghe-tham-du-tuyen-truyen_6-thang-dau-nam-2024").
func fileName(title, periodLabel string) string {
	name := i18n.Slug(title)
	if p := i18n.Slug(periodLabel); p != "" {
		name += "_" + p
	}
	if name == "" {
		return "bdg"
	}
	return name
}
