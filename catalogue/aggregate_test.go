package catalogue

import (
	"math"
	"testing"
)

func TestOverCommunes(t *testing.T) {
	c := New(Default())
	ratio, _ := c.Get("female_staff_ratio")
	listeners, _ := c.Get("listeners_reached")
	communes := []Figures{
		{"gender_staff_total": 1, "gender_staff_female": 1, "listeners_reached": 1500}, // 100 %
		{"gender_staff_total": 4, "gender_staff_female": 1, "listeners_reached": 0},    // 25 %
		{"gender_staff_total": 5, "gender_staff_female": 2},                            // 40 %
		{"listeners_reached": 700}, // no staff figures
	}
	got, ok := c.OverCommunes(ratio, communes)
	want := 100.0 * 4 / 10 // Σfemale / Σtotal
	if !ok || math.Abs(got-want) > 1e-9 {
		t.Errorf("district female_staff_ratio = %v, %v; want %v", got, ok, want)
	}
	// Averaging the communes' ratios would give (100+25+40)/3 = 55: wrong.
	var mean float64
	for _, f := range communes[:3] {
		v, _ := c.Value(ratio, f)
		mean += v / 3
	}
	if math.Abs(mean-got) < 1 {
		t.Fatalf("test data does not tell the two rules apart: mean %v, ratio %v", mean, got)
	}
	if got, ok := c.OverCommunes(listeners, communes); !ok || got != 2200 {
		t.Errorf("listeners = %v, %v; want 2200 (a stated 0 counts, an absent value is skipped)", got, ok)
	}
	if _, ok := c.OverCommunes(listeners, []Figures{{}, {"x": 1}}); ok {
		t.Error("no commune stated listeners: want not stated, not 0")
	}
}

func TestOverPeriods(t *testing.T) {
	c := New(Default())
	get := func(code string) Indicator { i, _ := c.Get(code); return i }
	h1 := Figures{"comm_sessions": 4, "gender_staff_total": 3, "gender_staff_female": 1}
	h2 := Figures{"comm_sessions": 6, "gender_staff_total": 4, "gender_staff_female": 3}
	year := []Figures{h1, h2}
	cases := []struct {
		code string
		want float64
	}{
		{"comm_sessions", 10},      // a count sums over the year
		{"gender_staff_total", 4},  // a stock takes the latest half-year
		{"gender_staff_female", 3}, // likewise
		{"female_staff_ratio", 75}, // recomputed from the latest parts
	}
	for _, tc := range cases {
		if got, ok := c.OverPeriods(get(tc.code), year); !ok || got != tc.want {
			t.Errorf("%s over the year = %v, %v; want %v", tc.code, got, ok, tc.want)
		}
	}
	// A stock missing in H2 keeps H1's value.
	if got, _ := c.OverPeriods(get("cadre_total"), []Figures{{"cadre_total": 20}, {}}); got != 20 {
		t.Errorf("cadre_total = %v, want 20", got)
	}
}

func TestStatedRatioKept(t *testing.T) {
	c := New(Default())
	r, _ := c.Get("female_cadre_ratio")
	if v, ok := c.Value(r, Figures{"female_cadre_ratio": 35, "cadre_total": 10, "cadre_female": 4}); !ok || v != 35 {
		t.Errorf("stated ratio = %v, want 35 as stated", v)
	}
	if v, ok := c.Value(r, Figures{"cadre_total": 10, "cadre_female": 4}); !ok || v != 40 {
		t.Errorf("computed ratio = %v, want 40", v)
	}
	if _, ok := c.Value(r, Figures{"cadre_total": 0, "cadre_female": 0}); ok {
		t.Error("0/0 must be no ratio")
	}
}
