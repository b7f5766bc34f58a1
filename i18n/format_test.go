package i18n

import (
	"testing"
	"time"
)

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		v      float64
		vi, en string
	}{
		{1500, "1.500", "1,500"},
		{33.333, "33,3", "33.3"},
		{0, "0", "0"},
		{1234567.89, "1.234.567,9", "1,234,567.9"},
		{999.96, "1.000", "1,000"},
		{-2, "-2", "-2"},
		{12, "12", "12"},
	}
	for _, c := range cases {
		if got := FormatNumber(c.v, "vi"); got != c.vi {
			t.Errorf("vi %v = %q, want %q", c.v, got, c.vi)
		}
		if got := FormatNumber(c.v, "en"); got != c.en {
			t.Errorf("en %v = %q, want %q", c.v, got, c.en)
		}
	}
	if got := FormatPercent(100.0/3, "vi"); got != "33,3%" {
		t.Errorf("percent = %q", got)
	}
	if got := FormatDate(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)); got != "30/06/2024" {
		t.Errorf("date = %q", got)
	}
}

func TestBilingual(t *testing.T) {
	for _, c := range []struct{ in, lang, want string }{
		{"Giá trị lớn / Value large", "vi", "Giá trị lớn"},
		{"Giá trị lớn / Value large", "en", "Value large"},
		{"chỉ một thứ tiếng", "en", "chỉ một thứ tiếng"},
	} {
		if got := Bilingual(c.in, c.lang); got != c.want {
			t.Errorf("Bilingual(%q, %q) = %q, want %q", c.in, c.lang, got, c.want)
		}
	}
}
