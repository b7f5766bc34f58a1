package summary

import (
	"fmt"
	"math"
	"strings"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/i18n"
)

// sayer writes the sentences of part II from the area figures, in plain
// official Vietnamese (or English): the figure, then how it moved against
// the previous period and the same period a year earlier, in percent for
// counts (in units when the base is small) and in percentage points for
// ratios.
type sayer struct {
	d    *Data
	lang string
}

func (s *sayer) pick(vi, en string) string { return i18n.Pick(s.lang, vi, en) }

func (s *sayer) ind(code string) (catalogue.Indicator, bool) {
	c, ok := s.d.Compare[code]
	if !ok {
		return catalogue.Indicator{}, false
	}
	return c.Indicator, true
}

// val is the area figure of code, nil when no commune states it.
func (s *sayer) val(code string) *float64 {
	if c, ok := s.d.Compare[code]; ok {
		return c.Area
	}
	return nil
}

// num writes the area figure of code as the pages do (1.500; 33,3%).
func (s *sayer) num(code string) string {
	v := s.val(code)
	if v == nil {
		return "–"
	}
	if ind, ok := s.ind(code); ok && ind.IsRatio() {
		return i18n.FormatPercent(*v, s.lang)
	}
	return i18n.FormatNumber(*v, s.lang)
}

// is tells whether code's area figure is stated and equal to x.
func (s *sayer) is(code string, x float64) bool {
	v := s.val(code)
	return v != nil && *v == x
}

// scope is "toàn huyện" or "toàn tỉnh" (the district, the province).
func (s *sayer) scope() string {
	if s.d.Area.Level == "province" {
		return s.pick("toàn tỉnh", "the province")
	}
	return s.pick("toàn huyện", "the district")
}

// Scope is scope at the start of a sentence.
func (s *sayer) Scope() string { return capitalise(s.scope()) }

// againstPrev and againstYear name the periods compared with.
func (s *sayer) againstPrev() string {
	if s.d.Prev == s.d.LastYear {
		return s.pick("năm trước", "the previous year")
	}
	return s.pick("kỳ trước", "the previous period")
}

func (s *sayer) againstYear() string {
	return s.pick("cùng kỳ năm trước", "the same period last year")
}

// changes is how code moved against the previous period and the same
// period last year ("tăng 4,1% so với kỳ trước và giảm 2,0% so với cùng
// kỳ năm trước"), "" when neither is known.
func (s *sayer) changes(code string) string {
	c, ok := s.d.Compare[code]
	if !ok || c.Area == nil {
		return ""
	}
	var parts []string
	if p := s.change(c.Indicator, *c.Area, c.AreaPrev, s.againstPrev()); p != "" {
		parts = append(parts, p)
	}
	if s.d.Prev != s.d.LastYear {
		if p := s.change(c.Indicator, *c.Area, c.AreaLastYear, s.againstYear()); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, s.pick(" và ", " and "))
}

// withChanges is ", " + changes, or "".
func (s *sayer) withChanges(code string) string {
	if ch := s.changes(code); ch != "" {
		return ", " + ch
	}
	return ""
}

// smallBase is below which a count's change is said in units, not percent:
// "tăng 2 vụ" reads better than "tăng 200%".
const smallBase = 10

// change is one comparison of now with before, "" when before is unknown.
func (s *sayer) change(ind catalogue.Indicator, now float64, before *float64, against string) string {
	if before == nil {
		return ""
	}
	diff := now - *before
	up := diff > 0
	word := s.pick("giảm", "down")
	if up {
		word = s.pick("tăng", "up")
	}
	on := s.pick("so với", "on")
	if ind.IsRatio() {
		if round1(diff) == 0 {
			return s.pick("không đổi so với ", "unchanged on ") + against
		}
		return fmt.Sprintf("%s %s %s %s %s", word, i18n.FormatNumber(math.Abs(diff), s.lang),
			s.pick("điểm phần trăm", "percentage points"), on, against)
	}
	if diff == 0 {
		return s.pick("bằng ", "the same as ") + against
	}
	if math.Abs(*before) < smallBase || round1(100*diff / *before) == 0 {
		return fmt.Sprintf("%s %s %s %s %s", word, i18n.FormatNumber(math.Abs(diff), s.lang), ind.UnitLabel(s.lang), on, against)
	}
	return fmt.Sprintf("%s %s %s %s", word, i18n.FormatPercent(math.Abs(100*diff / *before), s.lang), on, against)
}

// coverage notes how many communes the figure of code was summed from,
// when not all of them stated it.
func (s *sayer) coverage(code string) string {
	c, ok := s.d.Compare[code]
	if !ok || c.Area == nil {
		return ""
	}
	n := 0
	for _, r := range c.Rows {
		if r.Value != nil {
			n++
		}
	}
	if n >= c.Expected {
		return ""
	}
	return fmt.Sprintf(s.pick("Số liệu tổng hợp từ %d/%d xã có báo cáo chỉ tiêu này.",
		"Figures summed from the %d of %d communes that reported this indicator."), n, c.Expected)
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func capitalise(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// keep drops empty sentences.
func keep(list ...string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func sayCommunication(s *sayer) []string {
	sessions, listeners := s.val("comm_sessions"), s.val("listeners_reached")
	var first, second string
	switch {
	case sessions == nil && listeners == nil:
		return []string{s.pick("Trong kỳ, chưa có xã nào báo cáo số liệu về công tác truyền thông.",
			"No commune reported communication figures for the period.")}
	case listeners == nil:
		first = s.pick(fmt.Sprintf("%s tổ chức %s cuộc tuyên truyền về bình đẳng giới%s.", s.Scope(), s.num("comm_sessions"), s.withChanges("comm_sessions")),
			fmt.Sprintf("Across %s, %s gender-equality awareness sessions were held%s.", s.scope(), s.num("comm_sessions"), s.withChanges("comm_sessions")))
	case sessions == nil:
		first = s.pick(fmt.Sprintf("Công tác tuyên truyền về bình đẳng giới trên địa bàn %s thu hút %s lượt người nghe%s.", s.scope(), s.num("listeners_reached"), s.withChanges("listeners_reached")),
			fmt.Sprintf("Gender-equality awareness work across %s reached %s listeners%s.", s.scope(), s.num("listeners_reached"), s.withChanges("listeners_reached")))
	default:
		first = s.pick(fmt.Sprintf("%s tổ chức %s cuộc tuyên truyền với %s lượt người nghe%s.", s.Scope(), s.num("comm_sessions"), s.num("listeners_reached"), s.withChanges("listeners_reached")),
			fmt.Sprintf("Across %s, %s awareness sessions were held with %s listeners%s.", s.scope(), s.num("comm_sessions"), s.num("listeners_reached"), s.withChanges("listeners_reached")))
		if ch := s.changes("comm_sessions"); ch != "" {
			second = s.pick("Số cuộc tuyên truyền "+ch+".", "The number of sessions was "+ch+".")
		}
	}
	var contest string
	if teams := s.val("contest_teams"); teams != nil && *teams > 0 {
		if s.val("contest_participants") != nil {
			contest = s.pick(fmt.Sprintf("Các xã tổ chức, tham gia hội thi với %s đội và %s người dự thi.", s.num("contest_teams"), s.num("contest_participants")),
				fmt.Sprintf("Contests drew %s teams and %s participants.", s.num("contest_teams"), s.num("contest_participants")))
		} else {
			contest = s.pick(fmt.Sprintf("Các xã tổ chức, tham gia hội thi với %s đội.", s.num("contest_teams")),
				fmt.Sprintf("Contests drew %s teams.", s.num("contest_teams")))
		}
	}
	return keep(first, second, contest, s.coverage("listeners_reached"))
}

func sayViolence(s *sayer) []string {
	inc := s.val("gbv_incidents")
	if inc == nil {
		return []string{s.pick("Trong kỳ, chưa có xã nào báo cáo số liệu về bạo lực gia đình, bạo lực trên cơ sở giới.",
			"No commune reported figures on domestic or gender-based violence for the period.")}
	}
	var first string
	if *inc == 0 {
		var before []string
		c := s.d.Compare["gbv_incidents"]
		if c.AreaPrev != nil && *c.AreaPrev > 0 {
			before = append(before, s.againstPrev()+": "+i18n.FormatNumber(*c.AreaPrev, s.lang)+" "+c.Indicator.UnitLabel(s.lang))
		}
		if s.d.Prev != s.d.LastYear && c.AreaLastYear != nil && *c.AreaLastYear > 0 {
			before = append(before, s.againstYear()+": "+i18n.FormatNumber(*c.AreaLastYear, s.lang)+" "+c.Indicator.UnitLabel(s.lang))
		}
		note := ""
		if len(before) > 0 {
			note = " (" + strings.Join(before, "; ") + ")"
		}
		first = s.pick(fmt.Sprintf("Trong kỳ, trên địa bàn %s không xảy ra vụ bạo lực gia đình, bạo lực trên cơ sở giới nào%s.", s.scope(), note),
			fmt.Sprintf("No domestic or gender-based violence incident was reported across %s during the period%s.", s.scope(), note))
	} else {
		first = s.pick(fmt.Sprintf("Trong kỳ, trên địa bàn %s xảy ra %s vụ bạo lực gia đình, bạo lực trên cơ sở giới%s.", s.scope(), s.num("gbv_incidents"), s.withChanges("gbv_incidents")),
			fmt.Sprintf("%s incidents of domestic or gender-based violence were reported across %s%s.", s.num("gbv_incidents"), s.scope(), s.withChanges("gbv_incidents")))
	}
	var victims string
	if s.val("gbv_victims_supported") != nil {
		victims = s.pick(fmt.Sprintf("Có %s nạn nhân bạo lực được hỗ trợ, tư vấn.", s.num("gbv_victims_supported")),
			fmt.Sprintf("%s victims were supported or counselled.", s.num("gbv_victims_supported")))
	}
	return keep(first, victims, s.coverage("gbv_incidents"))
}

func sayStaff(s *sayer) []string {
	var staff, cadres string
	if s.val("gender_staff_total") != nil {
		women := ""
		if s.val("gender_staff_female") != nil {
			women = s.pick(fmt.Sprintf(", trong đó %s nữ", s.num("gender_staff_female")), fmt.Sprintf(", %s of them women", s.num("gender_staff_female")))
			if s.val("female_staff_ratio") != nil {
				women += s.pick(", chiếm "+s.num("female_staff_ratio"), " ("+s.num("female_staff_ratio")+")")
			}
		}
		move := ""
		if ch := s.changes("female_staff_ratio"); ch != "" {
			move = s.pick("; tỷ lệ nữ "+ch, "; the share of women is "+ch)
		}
		staff = s.pick(fmt.Sprintf("%s có %s cán bộ làm công tác bình đẳng giới (chuyên trách và kiêm nhiệm)%s%s.", s.Scope(), s.num("gender_staff_total"), women, move),
			fmt.Sprintf("Across %s, %s staff work on gender equality (full- and part-time)%s%s.", s.scope(), s.num("gender_staff_total"), women, move))
	}
	if s.val("female_cadre_ratio") != nil {
		of := ""
		if s.val("cadre_total") != nil {
			of = s.num("cadre_total") + " "
		}
		cadres = s.pick(fmt.Sprintf("Tỷ lệ nữ trong tổng số %scán bộ, công chức xã là %s%s.", of, s.num("female_cadre_ratio"), s.withChanges("female_cadre_ratio")),
			fmt.Sprintf("Women make up %s of the %scommune cadres and civil servants%s.", s.num("female_cadre_ratio"), of, s.withChanges("female_cadre_ratio")))
	}
	if staff == "" && cadres == "" {
		return []string{s.pick("Trong kỳ, chưa có xã nào báo cáo số liệu về đội ngũ cán bộ.", "No commune reported staff figures for the period.")}
	}
	return keep(staff, cadres)
}

func sayTraining(s *sayer) []string {
	classes, people := s.val("training_sessions"), s.val("training_attendance")
	switch {
	case classes == nil && people == nil:
		return []string{s.pick("Trong kỳ, chưa có xã nào báo cáo số liệu về tập huấn, bồi dưỡng.", "No commune reported training figures for the period.")}
	case s.is("training_sessions", 0) && (people == nil || *people == 0):
		return []string{s.pick("Trong kỳ, các xã không tổ chức lớp tập huấn, bồi dưỡng nào về bình đẳng giới.", "Communes held no gender-equality training during the period.")}
	case people == nil:
		return keep(s.pick(fmt.Sprintf("Các xã tổ chức %s lớp tập huấn, bồi dưỡng về bình đẳng giới%s.", s.num("training_sessions"), s.withChanges("training_sessions")),
			fmt.Sprintf("Communes held %s gender-equality training classes%s.", s.num("training_sessions"), s.withChanges("training_sessions"))), s.coverage("training_sessions"))
	}
	classesText := ""
	if classes != nil {
		classesText = s.pick(s.num("training_sessions")+" lớp tập huấn, bồi dưỡng về bình đẳng giới với ", s.num("training_sessions")+" gender-equality training classes attended by ")
	} else {
		classesText = s.pick("các lớp tập huấn, bồi dưỡng về bình đẳng giới với ", "gender-equality training attended by ")
	}
	first := s.pick(fmt.Sprintf("Các xã tổ chức %s%s lượt người tham gia%s.", classesText, s.num("training_attendance"), s.withChanges("training_attendance")),
		fmt.Sprintf("Communes held %s%s person-times%s.", classesText, s.num("training_attendance"), s.withChanges("training_attendance")))
	return keep(first, s.coverage("training_attendance"))
}

func sayModels(s *sayer) []string {
	if s.val("community_models") == nil {
		return []string{s.pick("Trong kỳ, chưa có xã nào báo cáo số liệu về mô hình, địa chỉ tin cậy, nhà tạm lãnh.",
			"No commune reported figures on community models for the period.")}
	}
	return keep(s.pick(fmt.Sprintf("%s duy trì %s mô hình, địa chỉ tin cậy, nhà tạm lãnh đang hoạt động%s.", s.Scope(), s.num("community_models"), s.withChanges("community_models")),
		fmt.Sprintf("Across %s, %s community models, safe addresses and shelters are in operation%s.", s.scope(), s.num("community_models"), s.withChanges("community_models"))),
		s.coverage("community_models"))
}

func sayDirectives(s *sayer) []string {
	plans, decisions := s.val("plans_issued"), s.val("decisions_issued")
	var what []string
	if plans != nil {
		what = append(what, s.num("plans_issued")+s.pick(" kế hoạch", " plans"))
	}
	if decisions != nil {
		what = append(what, s.num("decisions_issued")+s.pick(" quyết định", " decisions"))
	}
	if len(what) == 0 {
		return []string{s.pick("Trong kỳ, chưa có xã nào báo cáo số văn bản chỉ đạo đã ban hành.", "No commune reported the documents it issued for the period.")}
	}
	return []string{s.pick(fmt.Sprintf("UBND các xã ban hành %s để triển khai công tác bình đẳng giới và vì sự tiến bộ của phụ nữ.", strings.Join(what, " và ")),
		fmt.Sprintf("Commune People's Committees issued %s on gender equality and the advancement of women.", strings.Join(what, " and ")))}
}
