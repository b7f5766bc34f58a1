// Package period is the reporting-period model (kỳ báo cáo): codes such as
// 2024, 2024-H1, 2024-Q3, 2024-M06 and 2024-9M, their ordering, neighbours and
// Vietnamese and English labels.
package period

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is the length of a period.
type Kind int

// Period kinds, from the most to the least common in commune reports.
const (
	Half       Kind = iota + 1 // 6 tháng (H1, H2)
	Year                       // năm
	Quarter                    // quý
	Month                      // tháng
	NineMonths                 // 9 tháng đầu năm
)

// String names the kind as used in configuration (deadlines per kind).
func (k Kind) String() string {
	switch k {
	case Half:
		return "half"
	case Year:
		return "year"
	case Quarter:
		return "quarter"
	case Month:
		return "month"
	case NineMonths:
		return "9m"
	}
	return "unknown"
}

// Period is one reporting period. The zero value is invalid.
type Period struct {
	Year int
	Kind Kind
	// N is the half (1-2), quarter (1-4) or month (1-12); 0 for Year and NineMonths.
	N int
}

// ErrInvalid is wrapped by every parse error.
var ErrInvalid = errors.New("period: invalid period code")

// Parse reads a period code: 2024, 2024-H1, 2024-Q3, 2024-M06, 2024-9M.
func Parse(s string) (Period, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	bad := func() (Period, error) {
		return Period{}, fmt.Errorf("%w %q (want 2024, 2024-H1, 2024-Q1, 2024-M01 or 2024-9M)", ErrInvalid, s)
	}
	if len(s) < 4 {
		return bad()
	}
	year, err := strconv.Atoi(s[:4])
	if err != nil || year < 1990 || year > 2100 {
		return bad()
	}
	rest := s[4:]
	if rest == "" {
		return Period{Year: year, Kind: Year}, nil
	}
	if rest[0] != '-' || len(rest) < 3 {
		return bad()
	}
	rest = rest[1:]
	if rest == "9M" {
		return Period{Year: year, Kind: NineMonths}, nil
	}
	n, err := strconv.Atoi(rest[1:])
	if err != nil {
		return bad()
	}
	var p Period
	switch rest[0] {
	case 'H':
		p = Period{Year: year, Kind: Half, N: n}
		if len(rest) != 2 || n < 1 || n > 2 {
			return bad()
		}
	case 'Q':
		p = Period{Year: year, Kind: Quarter, N: n}
		if len(rest) != 2 || n < 1 || n > 4 {
			return bad()
		}
	case 'M':
		p = Period{Year: year, Kind: Month, N: n}
		if len(rest) != 3 || n < 1 || n > 12 {
			return bad()
		}
	default:
		return bad()
	}
	return p, nil
}

// MustParse is Parse for constants in code and tests; it panics on a bad code.
func MustParse(s string) Period {
	p, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

// IsZero reports whether p is the zero (invalid) period.
func (p Period) IsZero() bool { return p.Kind == 0 }

// String is the canonical code.
func (p Period) String() string {
	var b [10]byte
	return string(p.AppendText(b[:0]))
}

// AppendText appends the canonical code to b. Answers hold a period per
// figure (a 40-month trend of a province, tens of thousands), so neither
// fmt nor a string per period: strconv appends into the caller's buffer.
func (p Period) AppendText(b []byte) []byte {
	switch p.Kind {
	case Year:
		return strconv.AppendInt(b, int64(p.Year), 10)
	case Half:
		return strconv.AppendInt(append(strconv.AppendInt(b, int64(p.Year), 10), "-H"...), int64(p.N), 10)
	case Quarter:
		return strconv.AppendInt(append(strconv.AppendInt(b, int64(p.Year), 10), "-Q"...), int64(p.N), 10)
	case Month:
		b = append(strconv.AppendInt(b, int64(p.Year), 10), "-M"...)
		if p.N < 10 {
			b = append(b, '0')
		}
		return strconv.AppendInt(b, int64(p.N), 10)
	case NineMonths:
		return append(strconv.AppendInt(b, int64(p.Year), 10), "-9M"...)
	}
	return b
}

// MarshalText makes periods JSON strings.
func (p Period) MarshalText() ([]byte, error) { return p.AppendText(make([]byte, 0, 8)), nil }

// UnmarshalText parses a JSON string period.
func (p *Period) UnmarshalText(b []byte) error {
	q, err := Parse(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// months returns the first month and the number of months covered.
func (p Period) months() (first, count int) {
	switch p.Kind {
	case Year:
		return 1, 12
	case Half:
		return 6*(p.N-1) + 1, 6
	case Quarter:
		return 3*(p.N-1) + 1, 3
	case Month:
		return p.N, 1
	case NineMonths:
		return 1, 9
	}
	return 1, 0
}

// Start is the first day of the period.
func (p Period) Start() time.Time {
	first, _ := p.months()
	return time.Date(p.Year, time.Month(first), 1, 0, 0, 0, 0, time.UTC)
}

// End is the last day of the period.
func (p Period) End() time.Time {
	first, count := p.months()
	return time.Date(p.Year, time.Month(first+count), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
}

// Compare orders periods by their end, then the longer first, so 2024-H1
// sorts before 2024-M07 and 2024 after 2024-H2 (the year closes later in
// reading order when the ends are equal: longer periods summarise shorter).
func (p Period) Compare(q Period) int {
	if c := p.End().Compare(q.End()); c != 0 {
		return c
	}
	// Same end: the shorter one first, so a year follows its second half.
	return -p.Start().Compare(q.Start())
}

// Prev is the period of the same kind just before p; for 9 months and years,
// the same span a year earlier.
func (p Period) Prev() Period {
	switch p.Kind {
	case Half, Quarter, Month:
		max := map[Kind]int{Half: 2, Quarter: 4, Month: 12}[p.Kind]
		if p.N > 1 {
			return Period{Year: p.Year, Kind: p.Kind, N: p.N - 1}
		}
		return Period{Year: p.Year - 1, Kind: p.Kind, N: max}
	}
	return p.SameLastYear()
}

// Next is the period of the same kind just after p.
func (p Period) Next() Period {
	switch p.Kind {
	case Half, Quarter, Month:
		max := map[Kind]int{Half: 2, Quarter: 4, Month: 12}[p.Kind]
		if p.N < max {
			return Period{Year: p.Year, Kind: p.Kind, N: p.N + 1}
		}
		return Period{Year: p.Year + 1, Kind: p.Kind, N: 1}
	}
	return Period{Year: p.Year + 1, Kind: p.Kind, N: p.N}
}

// SameLastYear is the same period one year earlier (cùng kỳ năm trước).
func (p Period) SameLastYear() Period {
	return Period{Year: p.Year - 1, Kind: p.Kind, N: p.N}
}

// Contains reports whether q lies wholly inside p (2024 contains 2024-H1).
func (p Period) Contains(q Period) bool {
	return !q.Start().Before(p.Start()) && !q.End().After(p.End())
}

// Range lists the periods of p's kind from p to last inclusive.
func Range(first, last Period) []Period {
	var out []Period
	for p := first; p.Compare(last) <= 0 && len(out) < 1000; p = p.Next() {
		out = append(out, p)
	}
	return out
}

var roman = []string{"", "I", "II", "III", "IV"}

// LabelVI is the Vietnamese label, as reports write it ("6 tháng đầu năm 2024").
func (p Period) LabelVI() string {
	switch p.Kind {
	case Year:
		return fmt.Sprintf("Năm %d", p.Year)
	case Half:
		if p.N == 1 {
			return fmt.Sprintf("6 tháng đầu năm %d", p.Year)
		}
		return fmt.Sprintf("6 tháng cuối năm %d", p.Year)
	case Quarter:
		return fmt.Sprintf("Quý %s năm %d", roman[p.N], p.Year)
	case Month:
		return fmt.Sprintf("Tháng %d/%d", p.N, p.Year)
	case NineMonths:
		return fmt.Sprintf("9 tháng đầu năm %d", p.Year)
	}
	return ""
}

// LabelEN is the English label.
func (p Period) LabelEN() string {
	switch p.Kind {
	case Year:
		return fmt.Sprintf("Year %d", p.Year)
	case Half:
		if p.N == 1 {
			return fmt.Sprintf("First half of %d", p.Year)
		}
		return fmt.Sprintf("Second half of %d", p.Year)
	case Quarter:
		return fmt.Sprintf("Q%d %d", p.N, p.Year)
	case Month:
		return fmt.Sprintf("%s %d", time.Month(p.N).String(), p.Year)
	case NineMonths:
		return fmt.Sprintf("First nine months of %d", p.Year)
	}
	return ""
}

// Label returns the label in lang ("vi" or "en"; anything else is Vietnamese).
func (p Period) Label(lang string) string {
	if lang == "en" {
		return p.LabelEN()
	}
	return p.LabelVI()
}

// ReformDate is the day the two-level local government took effect
// (1 July 2025): communes merged and districts were abolished.
var ReformDate = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

// Era says which unit map a period's commune codes belong to.
type Era string

// Eras of administrative unit codes; a code means different units in each.
const (
	EraPre2025 Era = "pre2025"
	Era2025    Era = "2025"
)

// Label names the era for a person: "trước 01/7/2025" or "từ 01/7/2025"
// (lang "en": "before 1 July 2025", "from 1 July 2025").
func (e Era) Label(lang string) string {
	switch {
	case e == Era2025 && lang == "en":
		return "from 1 July 2025"
	case e == Era2025:
		return "từ 01/7/2025"
	case lang == "en":
		return "before 1 July 2025"
	}
	return "trước 01/7/2025"
}

// Era is the unit map in force for reports about p: a period that ends
// before the reform uses the old codes; any later period uses the new ones.
func (p Period) Era() Era {
	// By year and month rather than through End: analytics asks for the era
	// of every figure it reads. ReformDate is the first of a month, so "ends
	// before it" is "its last month comes before the reform's month".
	first, count := p.months()
	last, ry := first+count-1, ReformDate.Year()
	if p.Year < ry || (p.Year == ry && last < int(ReformDate.Month())) {
		return EraPre2025
	}
	return Era2025
}
