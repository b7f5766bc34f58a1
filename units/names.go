package units

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// toneStyle maps the "old" tone placement to the "new" one (Hoà → Hòa), as
// the unit lists and reports use both.
var toneStyle = strings.NewReplacer("oà", "òa", "oá", "óa", "oả", "ỏa", "oã", "õa", "oạ", "ọa",
	"oè", "òe", "oé", "óe", "oẻ", "ỏe", "oẽ", "õe", "oẹ", "ọe",
	"uỳ", "ùy", "uý", "úy", "uỷ", "ủy", "uỹ", "ũy", "uỵ", "ụy")

// nameMarks writes every dash as " - " and every apostrophe as ', so that
// "Phan Rang-Tháp Chàm" meets "Phan Rang - Tháp Chàm" and "K’ Dang" "K'Dang".
var nameMarks = strings.NewReplacer("-", " - ", "\u2013", " - ", "\u2014", " - ", "\u2019", "'", "`", "'")

// NameKey normalises a place name for comparison: NFC, lower case, one tone
// style, one form of dashes and apostrophes, single spaces.
func NameKey(s string) string {
	s = strings.ToLower(norm.NFC.String(s))
	s = nameMarks.Replace(toneStyle.Replace(s))
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "' ", "'")
}
