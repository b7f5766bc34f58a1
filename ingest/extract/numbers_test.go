package extract

import "testing"

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1.500", 1500, true},
		{"12.345,6", 12345.6, true},
		{"04", 4, true},
		{"0", 0, true},
		{"1,5%", 1.5, true},
		{"40,9 %", 40.9, true},
		{"1.234.567", 1234567, true},
		{"một", 1, true},
		{"mười", 10, true},
		{"mười hai", 12, true},
		{"mười lăm", 15, true},
		{"hai mươi", 20, true},
		{"hai mươi mốt", 21, true},
		{"hai mươi tư", 24, true},
		{"hai mươi lăm", 25, true},
		{"Hai Mươi Lăm", 25, true},
		{"năm trăm", 500, true},
		{"một trăm linh năm", 105, true},
		{"hai nghìn", 2000, true},
		{"một nghìn năm trăm", 1500, true},
		{"tư", 0, false},
		{"lăm", 0, false},
		{"tháng", 0, false},
		{"", 0, false},
		{"hai hai", 0, false},
		{"1.5.2024", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseNumber(tt.in)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestFindNumbersWords(t *testing.T) {
	low := lowerAligned("Tổ chức mười hai buổi, hai mươi lăm hội viên và một giải nhất năm 2024")
	var got []float64
	for _, m := range findNumbers(low) {
		got = append(got, m.value)
	}
	want := []float64{2024, 12, 25, 1, 5}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestPeriodFromPhrase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Kết quả ... 6 tháng đầu năm năm 2024 và nhiệm vụ trọng tâm 6 tháng cuối năm 2024", "2024-H1"},
		{"báo cáo 6 tháng cuối năm 2024", "2024-H2"},
		{"sơ kết 06 tháng năm 2024", "2024-H1"},
		{"Tổng kết công tác năm 2023, phương hướng năm 2024", "2023"},
		{"tình hình quý III năm 2024", "2024-Q3"},
		{"công tác quý I/2024", "2024-Q1"},
		{"quý IV năm 2023", "2023-Q4"},
		{"9 tháng đầu năm 2025", "2025-9M"},
		{"chín tháng năm 2025", "2025-9M"},
		{"tháng 6/2024", "2024-M06"},
		{"tháng 11 năm 2024", "2024-M11"},
		{"ngày 28 tháng 5 năm 2024", ""},
		{"Chiến lược quốc gia giai đoạn 2021-2030", ""},
		{"không có kỳ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := PeriodFromPhrase(tt.in); got != tt.want {
				t.Errorf("PeriodFromPhrase(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestReportDate(t *testing.T) {
	tests := []struct{ y, m, d, want string }{
		{"2024", "6", "", "2024-06"},
		{"2024", "6", "28", "2024-06-28"},
		{"2024", "", "", "2024"},
		{"2024", "13", "1", "2024"},
		{"abcd", "1", "1", ""},
	}
	for _, tt := range tests {
		if got := reportDate(tt.y, tt.m, tt.d); got != tt.want {
			t.Errorf("reportDate(%q,%q,%q) = %q, want %q", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

func TestParseCell(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind cellKind
		v    float64
	}{
		{"1.250", cellNumber, 1250}, {"0", cellNumber, 0}, {"04 cuộc", cellNumber, 4}, {"33,33%", cellNumber, 33.33},
		{"45,8", cellNumber, 45.8}, {"1,250", cellNumber, 1250}, {"không", cellNumber, 0},
		{"-", cellDash, 0}, {"–", cellDash, 0}, {"x", cellDash, 0}, {"…", cellDash, 0}, {"", cellBlank, 0},
		{"≥ 40", cellBound, 0}, {"hơn 3.000", cellBound, 0}, {"trên 50", cellBound, 0}, {"40 trở lên", cellBound, 0},
		{"+2", cellSigned, 0}, {"-1", cellSigned, 0},
		{"01 kế hoạch, 02 công văn", cellText, 0}, {"Thôn Nà Pàn", cellText, 0}, {"từ 01/7 đến 30/11/2025", cellText, 0},
	} {
		got := parseCell(lowerAligned(c.in))
		if got.kind != c.kind || (c.kind == cellNumber && got.value != c.v) {
			t.Errorf("parseCell(%q) = %v %v, want %v %v", c.in, got.kind, got.value, c.kind, c.v)
		}
	}
}
