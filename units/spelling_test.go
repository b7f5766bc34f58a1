package units

import (
	"strings"
	"testing"
	"unicode"

	"github.com/bdg-district/bdg/period"
)

func TestSpellMovesOnlyFinalTones(t *testing.T) {
	for in, want := range map[string]string{
		"Nhất Hoà":            "Nhất Hòa",
		"Thuỷ Nguyên":         "Thủy Nguyên",
		"Toàn Thắng":          "Toàn Thắng", // not syllable-final: the same in both styles
		"Huỳnh Hữu Nghĩa":     "Huỳnh Hữu Nghĩa",
		"Hoà-Tiến":            "Hòa-Tiến",
		"Khánh Hòa":           "Khánh Hòa",
		"Oà Lạ":               "Òa Lạ",
		"Phan Rang-Tháp Chàm": "Phan Rang-Tháp Chàm",
	} {
		if got := Spell(in); got != want {
			t.Errorf("Spell(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every name bdg shows is in the one style, and a unit kept by the reform
// has the same name in both lists and the lineage.
func TestLoadedNamesUseOneSpelling(t *testing.T) {
	list, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	links, err := LoadLineage()
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]string{}
	names := []string{}
	for _, u := range list {
		byKey[string(u.Era)+"/"+u.Code] = u.Name
		names = append(names, u.Name)
	}
	// Unit names (without their type word) have every syllable capitalised.
	for _, n := range names {
		for _, w := range strings.Fields(n) {
			if unicode.IsLower([]rune(w)[0]) && w != "trường" {
				t.Errorf("%q: syllable %q starts in lower case", n, w)
			}
		}
	}
	for _, l := range links {
		names = append(names, l.OldName, l.NewName)
	}
	for _, n := range names {
		if Spell(n) != n {
			t.Errorf("%q is not in the one spelling (%q)", n, Spell(n))
		}
	}
	for code, want := range map[string]string{"06376": "Nhất Hòa", "06337": "Đồng Ý", "23554": "Ya Ly"} {
		if got := byKey[string(period.EraPre2025)+"/"+code]; got != want {
			t.Errorf("pre-2025 %s = %q, want %q", code, got, want)
		}
	}
	if got := byKey[string(period.Era2025)+"/06376"]; got != "Nhất Hòa" {
		t.Errorf("2025 06376 = %q, want Nhất Hòa (the same as before the reform)", got)
	}
}

// A correction is for a slip in the source: when the source is fixed the
// row must go, or it would hide that the data changed.
func TestCorrectionsStillApply(t *testing.T) {
	fix, err := loadCorrections()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		era  period.Era
	}{{"data/units-pre2025.csv", period.EraPre2025}, {"data/units-2025.csv", period.Era2025}} {
		rows, err := readCSV(f.name, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			key := string(f.era) + "/" + r[1]
			if c, ok := fix[key]; ok {
				if r[2] != c.from {
					t.Errorf("corrections.csv %s: the source now says %q, not %q: drop or update the row", key, r[2], c.from)
				}
				delete(fix, key)
			}
		}
	}
	for key := range fix {
		t.Errorf("corrections.csv %s: no such unit", key)
	}
}
