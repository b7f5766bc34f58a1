package dashboards

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/period"
)

func fp(v float64) *float64 { return &v }

// TestCommuneBar: value labels, the average and a catalogue target as
// lines, horizontal bars beyond eight communes, grouped bars with a base.
func TestCommuneBar(t *testing.T) {
	ind := catalogue.Indicator{Code: "female_cadre_ratio", NameVI: "Tỷ lệ nữ", Unit: "%", OverCommunes: catalogue.Ratio,
		Direction: catalogue.HigherIsBetter, Target: &catalogue.Target{Op: ">=", Value: 40, SourceVI: "nguồn thử"}}
	for _, n := range []int{5, 12} {
		cmp := &analytics.CommuneComparison{Indicator: ind, Period: period.MustParse("2024-H1"), Prev: period.MustParse("2023-H1"), Average: fp(35)}
		for i := 0; i < n; i++ {
			cmp.Rows = append(cmp.Rows, analytics.CommuneValue{Code: "0000" + string(rune('0'+i%10)), Name: "xã " + string(rune('A'+i)), Value: fp(float64(10 + i)), Prev: fp(9)})
		}
		for _, base := range []bool{false, true} {
			ch, err := communeBar(cmp, base, "vi", "Huyện X")
			if err != nil {
				t.Fatal(err)
			}
			var opt struct {
				XAxis  []map[string]any `json:"xAxis"`
				YAxis  []map[string]any `json:"yAxis"`
				Series []struct {
					Name     string         `json:"name"`
					Label    map[string]any `json:"label"`
					MarkLine struct {
						Data []map[string]any `json:"data"`
					} `json:"markLine"`
				} `json:"series"`
			}
			if err := json.Unmarshal([]byte(ch.Option), &opt); err != nil {
				t.Fatal(err)
			}
			horizontal := len(opt.YAxis) > 0 && opt.YAxis[0]["data"] != nil
			if horizontal != (n > 8) {
				t.Errorf("%d communes: horizontal = %v", n, horizontal)
			}
			if horizontal && ch.Height < 160+22*n {
				t.Errorf("%d communes across: height %d", n, ch.Height)
			}
			wantSeries := 1
			if base {
				wantSeries = 2
			}
			if len(opt.Series) != wantSeries {
				t.Fatalf("base=%v: %d series", base, len(opt.Series))
			}
			last := opt.Series[len(opt.Series)-1]
			if last.Label["show"] != true {
				t.Error("no value labels")
			}
			var names []string
			for _, d := range last.MarkLine.Data {
				names = append(names, d["name"].(string))
			}
			if strings.Join(names, ",") != "Toàn huyện,Mục tiêu" {
				t.Errorf("lines %v, want the area figure and the target", names)
			}
			if !strings.HasPrefix(ch.File, "ty-le-nu_") {
				t.Errorf("file %q", ch.File)
			}
		}
	}
}

// TestTopSeries: more than eight lines become the top five by their latest
// figure and the others.
func TestTopSeries(t *testing.T) {
	var all []analytics.Series
	for i := 0; i < 10; i++ {
		v := float64(i)
		all = append(all, analytics.Series{Code: string(rune('a' + i)), Points: []analytics.Point{{Value: &v}, {Value: nil}}})
	}
	top, others := topSeries(all, maxLines, 5)
	if len(top) != 5 || len(others) != 5 || top[0].Code != "j" || top[4].Code != "f" {
		t.Errorf("top %v others %d", top, len(others))
	}
	if top, others := topSeries(all[:8], maxLines, 5); len(top) != 8 || others != nil {
		t.Errorf("eight lines: %d kept, %d others", len(top), len(others))
	}
}

// TestWarningText: a stored bilingual warning shows in one language with
// indicator names for codes.
func TestWarningText(t *testing.T) {
	names := map[string]string{"cadre_female": "Nữ cán bộ", "cadre_total": "Tổng cán bộ", "female_cadre_ratio": "Tỷ lệ"}
	got := warningText("vi", names, "cadre_female (35) lớn hơn cadre_total (20) / cadre_female is larger than cadre_total")
	if got != "“Nữ cán bộ” (35) lớn hơn “Tổng cán bộ” (20)" {
		t.Errorf("vi: %q", got)
	}
	if got := warningText("en", map[string]string{"cadre_female": "Female cadres", "cadre_total": "Cadres"}, "cadre_female (35) lớn hơn cadre_total (20) / cadre_female is larger than cadre_total"); got != "“Female cadres” is larger than “Cadres”" {
		t.Errorf("en: %q", got)
	}
}
