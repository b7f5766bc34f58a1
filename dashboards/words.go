package dashboards

import (
	"sort"
	"strings"

	"github.com/bdg-district/bdg/i18n"
)

// Words, not codes: what a page shows in place of the stored codes of
// indicators, methods and source kinds, in the page's language only.

// warningText renders a stored warning in one language: warnings are kept
// as "Vietnamese / English", and an indicator code in them becomes the
// indicator's name (names maps codes to names in the page's language).
func warningText(lang string, names map[string]string, s string) string {
	s = i18n.Bilingual(s, lang)
	codes := make([]string, 0, len(names))
	for c := range names {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool { return len(codes[i]) > len(codes[j]) }) // female_cadre_ratio before cadre
	for _, c := range codes {
		if strings.Contains(s, c) {
			s = strings.ReplaceAll(s, c, "“"+names[c]+"”")
		}
	}
	return s
}
