package units

import (
	"fmt"
	"strings"
	"sync"

	"github.com/bdg-district/bdg/period"
)

// One spelling on every page: the unit lists write a name as "Nhất Hoà" in
// one file and "Nhất Hòa" in the other, and leave a few syllables in lower
// case ("Đồng ý"). Names are shown as the official documents of the
// reform write them: the tone mark on the first vowel of a final "oa",
// "oe" or "uy" (Hòa, Thủy, Khóe), every syllable capitalised. The
// lower-case slips are fixed by a short table (data/corrections.csv, each
// row with its reason) rather than by a rule, so a name that is meant to
// have a lower-case word ("Nông trường Việt Lâm") stays as it is.

// toneFinal maps the tone on the second vowel of a syllable-final "oa",
// "oe", "uy" to the first. Only at the end of a syllable: "Toàn" and
// "Huỳnh" are the same in both styles.
var toneFinal = map[string]string{
	"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
	"oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
	"uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
	"Oà": "Òa", "Oá": "Óa", "Oả": "Ỏa", "Oã": "Õa", "Oạ": "Ọa",
	"Oè": "Òe", "Oé": "Óe", "Oẻ": "Ỏe", "Oẽ": "Õe", "Oẹ": "Ọe",
	"Uỳ": "Ùy", "Uý": "Úy", "Uỷ": "Ủy", "Uỹ": "Ũy", "Uỵ": "Ụy",
}

// Spell writes a place name in bdg's one spelling convention (tone
// placement; see above). It leaves everything else as it is.
func Spell(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	rs := []rune(name)
	for i := 0; i < len(rs); i++ {
		if i+1 < len(rs) && (i+2 == len(rs) || syllableEnd(rs[i+2])) {
			if to, ok := toneFinal[string(rs[i:i+2])]; ok {
				b.WriteString(to)
				i++
				continue
			}
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

func syllableEnd(r rune) bool {
	return r == ' ' || r == '-' || r == ',' || r == ')' || r == '\u2013'
}

// correction is one row of data/corrections.csv.
type correction struct{ from, to string }

// corrections is the table, read once: it is embedded reference data that
// never changes while bdg runs.
var corrections = sync.OnceValues(loadCorrections)

// loadCorrections reads the correction table, keyed by era and code.
func loadCorrections() (map[string]correction, error) {
	rows, err := readCSV("data/corrections.csv", 5)
	if err != nil {
		return nil, err
	}
	out := make(map[string]correction, len(rows))
	for i, r := range rows {
		if r[2] == "" || r[3] == "" || r[4] == "" {
			return nil, fmt.Errorf("units: corrections.csv line %d: a name and a reason are required", i+2)
		}
		out[r[0]+"/"+r[1]] = correction{from: r[2], to: r[3]}
	}
	return out, nil
}

// DisplayName is the name of unit code of era as bdg shows it: the table's
// correction, if the name still has the slip it corrects, then the one
// tone style. It takes short ("Đồng ý") and full names ("Xã Đồng ý"), so
// names stored before the table existed read the same as new ones.
func DisplayName(era period.Era, code, name string) string {
	fix, err := corrections()
	if err != nil {
		// The embedded table is checked by the tests; a broken build still
		// shows the source's names rather than none.
		return Spell(name)
	}
	if c, ok := fix[string(era)+"/"+code]; ok && strings.HasSuffix(name, c.from) {
		name = strings.TrimSuffix(name, c.from) + c.to
	}
	return Spell(name)
}

// Spelt is u with its name as bdg shows it (DisplayName): units read from
// the database pass through it, so installs that stored the source's names
// show the same as new ones.
func (u Unit) Spelt() Unit {
	u.Name = DisplayName(u.Era, u.Code, u.Name)
	return u
}

// Spelt is l with both names as bdg shows them.
func (l Link) Spelt() Link {
	l.OldName = DisplayName(period.EraPre2025, l.OldCode, l.OldName)
	l.NewName = DisplayName(period.Era2025, l.NewCode, l.NewName)
	return l
}
