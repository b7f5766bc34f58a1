package units

import "testing"

func TestValidCommuneCode(t *testing.T) {
	for code, want := range map[string]bool{"06331": true, "00001": true, "": false, "6331": false, "063310": false,
		"0633a": false, "../06": false, "０６３３１": false, "06 31": false} {
		if got := ValidCommuneCode(code); got != want {
			t.Errorf("ValidCommuneCode(%q) = %v, want %v", code, got, want)
		}
	}
}

// Names the text spells its own way still meet the unit list's.
func TestNameKeyDashesAndApostrophes(t *testing.T) {
	for _, c := range [][2]string{
		{"Phan Rang-Tháp Chàm", "Phan Rang - Tháp Chàm"},
		{"Văn Miếu – Quốc Tử Giám", "Văn Miếu - Quốc Tử Giám"},
		{"K' Dang", "K'Dang"},
		{"M’Đrắk", "M'Đrắk"},
		{"Ea H'Leo", "EA H'LEO"},
		{"Hòa Bình", "Hoà Bình"},
	} {
		if NameKey(c[0]) != NameKey(c[1]) {
			t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q; want equal", c[0], NameKey(c[0]), c[1], NameKey(c[1]))
		}
	}
	if NameKey("Tân Tri") == NameKey("Tân Trì") {
		t.Error("different names must keep different keys")
	}
}
