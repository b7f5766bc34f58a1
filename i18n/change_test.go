package i18n

import "testing"

func TestFormatChange(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		now, before *float64
		ratio       bool
		lang, want  string
	}{
		{f(52.4), f(43.6), true, "vi", "+8,8 điểm %"},
		{f(43.6), f(52.4), true, "en", "-8.8 pp"},
		{f(11780), f(11320), false, "vi", "+460 (+4,1%)"},
		{f(3), f(0), false, "vi", "+3"},
		{f(2), f(2), false, "vi", "0 (0%)"},
		{nil, f(2), false, "vi", "–"},
	} {
		if got := FormatChange(c.now, c.before, c.ratio, c.lang); got != c.want {
			t.Errorf("FormatChange(%v, %v, %v) = %q, want %q", c.now, c.before, c.ratio, got, c.want)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Số lượt người nghe / tham dự tuyên truyền": "so-luot-nguoi-nghe-tham-du-tuyen-truyen",
		"6 tháng đầu năm 2024":                      "6-thang-dau-nam-2024",
		"Đồng Ý, Nhất Hoà":                          "dong-y-nhat-hoa",
		"  <img src=x>  ":                           "img-src-x",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
