package catalogue

import (
	"strings"
	"testing"
)

func TestRulesCheckValues(t *testing.T) {
	c := New(Default())
	cases := []struct {
		name  string
		vals  Figures
		rules []string
	}{
		{"consistent", Figures{"cadre_total": 20, "cadre_female": 7, "female_cadre_ratio": 35}, nil},
		{"part over whole", Figures{"cadre_total": 20, "cadre_female": 35}, []string{"part_of_whole:cadre_female"}},
		{"staff part over whole", Figures{"gender_staff_total": 2, "gender_staff_female": 5}, []string{"part_of_whole:gender_staff_female"}},
		{"ratio off its parts", Figures{"cadre_total": 20, "cadre_female": 7, "female_cadre_ratio": 50}, []string{"ratio_parts:female_cadre_ratio"}},
		{"ratio rounded", Figures{"cadre_total": 3, "cadre_female": 1, "female_cadre_ratio": 33}, nil},
		{"only one part", Figures{"cadre_female": 35}, nil},
		{"more victims than cases", Figures{"gbv_incidents": 1, "gbv_victims_supported": 3}, []string{"at_most:gbv_victims_supported"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Check(tc.vals)
			var ids []string
			for _, f := range got {
				ids = append(ids, f.Rule)
				if f.MessageVI == "" || f.MessageEN == "" || strings.Contains(f.MessageVI+f.MessageEN, "%!") || f.Field == "" {
					t.Errorf("failure %+v: messages or field missing", f)
				}
			}
			if strings.Join(ids, ",") != strings.Join(tc.rules, ",") {
				t.Errorf("rules failed = %v, want %v", ids, tc.rules)
			}
		})
	}
	f := c.Check(Figures{"cadre_total": 20, "cadre_female": 35})[0]
	if f.Severity != SeverityError || !strings.Contains(f.MessageVI, "Tổng số cán bộ, công chức xã, trong đó nữ (35)") ||
		!strings.Contains(f.MessageEN, "Commune cadres and civil servants, of whom women (35)") {
		t.Errorf("failure = %+v: want the indicators' names in each language, no codes", f)
	}
}

func TestDirectionAndKind(t *testing.T) {
	c := New(Default())
	gbv, _ := c.Get("gbv_incidents")
	if sign, verdict := gbv.Change(1, 4); sign != 1 || verdict != -1 {
		t.Errorf("more violence cases: sign %d verdict %d, want +1 and bad news", sign, verdict)
	}
	lis, _ := c.Get("listeners_reached")
	if _, verdict := lis.Change(1500, 1200); verdict != -1 {
		t.Errorf("fewer listeners: verdict %d, want bad news", verdict)
	}
	staff, _ := c.Get("gender_staff_total")
	if _, verdict := staff.Change(1, 2); verdict != 0 {
		t.Errorf("staff count: verdict %d, want neither", verdict)
	}
	for code, kind := range map[string]Kind{"comm_sessions": Count, "cadre_total": Stock, "female_cadre_ratio": Share, "community_models": Stock} {
		ind, _ := c.Get(code)
		if ind.Kind() != kind {
			t.Errorf("%s kind = %s, want %s", code, ind.Kind(), kind)
		}
	}
}
