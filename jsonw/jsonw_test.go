package jsonw

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

func TestAppendStringIsEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "06331", "Vạn Thủy", "Ea H'leo", `<img src=x onerror="alert(1)">`, "a\\b\"c\n\t\x01",
		"\u2028\u2029", "\xff\xfe", "é&é", "=HYPERLINK(\"x\")", "phường Phường Đúc"} {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Errorf("%q: got %s want %s", s, got, want)
		}
	}
}

func TestAppendFloatIsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	// math.Copysign makes a real negative zero: the literal -0.0 is +0 in Go.
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 1500, 0.5, 12.75, 1e-7, 1e-6, 9.99e-7, 1e20, 1e21, 2.5e22, 123456789012, 3e-6, 100, math.MaxFloat64, math.SmallestNonzeroFloat64}
	for i := 0; i < 5000; i++ {
		xs = append(xs, r.NormFloat64()*math.Pow(10, float64(r.IntN(50)-25)))
	}
	for _, x := range xs {
		want, _ := json.Marshal(x)
		if got := AppendFloat(nil, x); string(got) != string(want) {
			t.Fatalf("%v: got %s want %s", x, got, want)
		}
	}
	if got := string(AppendFloat(nil, math.NaN())); got != "null" {
		t.Errorf("NaN = %s", got)
	}
}
