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
