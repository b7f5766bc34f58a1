package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bdg-district/bdg/catalogue"
)

// moreReports are what a careful reader takes from the reports 021-028 (and
// the seed), written down before the extractor was made to match them:
// header fields and every indicator value; indicators not listed must be
// absent, and there must be no conflicts.
var moreReports = []struct {
	file                                  string
	commune, unitType, district, province string
	period, reportDate, docNumber, signer string
	want                                  map[string]float64
}{
	{"000_seed_van_thuy_2024H1.txt", "Vạn Thủy", "xã", "Bắc Sơn", "", "2024-H1", "2024-06", "", "Lưu Văn Hòa", map[string]float64{
		"comm_sessions": 4, "listeners_reached": 1500, "gbv_incidents": 0, "gender_staff_total": 1, "gender_staff_female": 1,
		"plans_issued": 1, "decisions_issued": 2, "contest_teams": 4, "contest_participants": 41}},
	// Hard-wrapped at 78 columns; an explicit total ("toàn xã ... tổng số") wins over its parts.
	{"021_huu_lien_2024H1_wrapped.txt", "Hữu Liên", "xã", "Hữu Lũng", "", "2024-H1", "2024-06-19", "35/BC-UBND", "Hoàng Văn Lợi", map[string]float64{
		"plans_issued": 2, "decisions_issued": 1, "comm_sessions": 9, "listeners_reached": 820, "gbv_incidents": 1,
		"gbv_victims_supported": 1, "community_models": 4, "contest_teams": 5, "contest_participants": 30,
		"gender_staff_total": 2, "gender_staff_female": 1, "cadre_total": 20, "cadre_female": 6}},
	// Bullets: separate activities add up; broadcasts are not sessions when
	// sessions are counted; a breakdown in brackets is a part; a concert contest is not about gender.
	{"022_thien_long_2024_bullets.txt", "Thiện Long", "xã", "", "", "2024", "2024-12-05", "118/BC-UBND", "Nông Văn Thiện", map[string]float64{
		"plans_issued": 2, "comm_sessions": 4, "listeners_reached": 415, "gbv_incidents": 2, "gbv_victims_supported": 2,
		"gender_staff_total": 2, "gender_staff_female": 1, "training_sessions": 1, "training_attendance": 45}},
	// A "Biểu số liệu" table whose totals equal the parts told in prose.
	{"023_quang_lang_2024H2_bieu.txt", "Quang Lang", "xã", "Chi Lăng", "", "2024-H2", "2024-12-10", "142/BC-UBND", "Lộc Văn Hưng", map[string]float64{
		"comm_sessions": 11, "listeners_reached": 670, "gbv_incidents": 0, "gbv_victims_supported": 0, "community_models": 3,
		"gender_staff_total": 2, "gender_staff_female": 2, "training_sessions": 0}},
	// Long prose full of numbers that are not results.
	{"024_tan_van_2024_prose_traps.txt", "Tân Văn", "xã", "Bình Gia", "", "2024", "2024-11-28", "96/BC-UBND", "Hoàng Văn Sinh", map[string]float64{
		"plans_issued": 2, "comm_sessions": 8, "listeners_reached": 760, "gbv_incidents": 3, "gbv_victims_supported": 2,
		"cadre_total": 21, "cadre_female": 7, "female_cadre_ratio": 33.3}},
	// "Tổng cộng" over organisations' parts; clubs and groups as models.
	{"025_dong_kinh_2024_tongcong.txt", "Đông Kinh", "phường", "Lạng Sơn", "", "2024", "2024-12-15", "301/BC-UBND", "Vũ Thị Ngọc Anh", map[string]float64{
		"comm_sessions": 12, "listeners_reached": 1430, "gbv_incidents": 4, "gbv_victims_supported": 4, "community_models": 6,
		"gender_staff_total": 1, "gender_staff_female": 1, "training_sessions": 2, "training_attendance": 140,
		"contest_teams": 7, "contest_participants": 42}},
	// After the 2025 reform: no district; a farmers' contest is not about gender.
	{"026_tan_tien_2025H1_newmap.txt", "Tân Tiến", "xã", "", "Tuyên Quang", "2025-H1", "2025-06-16", "27/BC-UBND", "Ma Văn Quyết", map[string]float64{
		"comm_sessions": 5, "listeners_reached": 340, "gbv_incidents": 1, "community_models": 8,
		"gender_staff_total": 2, "gender_staff_female": 1, "cadre_total": 46, "cadre_female": 17, "female_cadre_ratio": 37}},
	// Terse "label: value" lines with unusual labels.
	{"027_yen_thinh_2024Q2_labels.txt", "Yên Thịnh", "xã", "Hữu Lũng", "", "2024-Q2", "2024-06-25", "19/BC-UBND", "Lăng Văn Khoa", map[string]float64{
		"comm_sessions": 3, "listeners_reached": 260, "gbv_incidents": 0, "gbv_victims_supported": 0, "community_models": 2,
		"training_sessions": 1, "training_attendance": 35}},
	// The seed's skeleton; three dated activities without a total add up.
	{"028_hung_dao_2024H2_parts.txt", "Hưng Đạo", "xã", "Bình Gia", "", "2024-H2", "2024-12", "", "Hà Văn Dũng", map[string]float64{
		"plans_issued": 1, "decisions_issued": 1, "comm_sessions": 4, "listeners_reached": 295, "gbv_incidents": 0,
		"contest_teams": 6, "contest_participants": 36, "gender_staff_total": 1}},
	// A results table with plan and rate columns; targets, other levels and
	// a school's part of the ward's figures in prose.
	{"029_hoang_van_thu_2024H1_plan_table.txt", "Hoàng Văn Thụ", "phường", "Lạng Sơn", "", "2024-H1", "2024-06-12", "88/BC-UBND", "Đoàn Thị Hậu", map[string]float64{
		"comm_sessions": 11, "listeners_reached": 1240, "training_sessions": 1, "training_attendance": 48, "gbv_incidents": 2,
		"gbv_victims_supported": 2, "female_cadre_ratio": 38.5}},
}

func TestExtractMoreReports(t *testing.T) {
	for _, r := range moreReports {
		t.Run(r.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("../../testdata", "reports", r.file))
			if err != nil {
				t.Fatal(err)
			}
			ex := ExtractFile(r.file, data, catalogue.Default())
			check := func(field string, got *string, want string) {
				t.Helper()
				if want == "" {
					if got != nil {
						t.Errorf("%s = %q, want null", field, *got)
					}
				} else if got == nil || *got != want {
					t.Errorf("%s = %v, want %q", field, got, want)
				}
			}
			check("commune", ex.Commune, r.commune)
			check("unit_type", ex.UnitType, r.unitType)
			check("district", ex.District, r.district)
			check("province", ex.Province, r.province)
			check("period", ex.Period, r.period)
			check("report_date", ex.ReportDate, r.reportDate)
			check("doc_number", ex.DocNumber, r.docNumber)
			check("signer", ex.Signer, r.signer)
			got := map[string]float64{}
			for _, v := range ex.Indicators {
				got[v.Code] = v.Value
			}
			for code, want := range r.want {
				if v, ok := got[code]; !ok || v != want {
					t.Errorf("%s = %v (present %v), want %v", code, v, ok, want)
				}
			}
			for code, v := range got {
				if _, ok := r.want[code]; !ok {
					t.Errorf("unexpected %s = %v", code, v)
				}
			}
			for _, c := range ex.Conflicts {
				var vals []float64
				for _, v := range c.Candidates {
					vals = append(vals, v.Value)
				}
				t.Errorf("conflict %s %v", c.Code, vals)
			}
		})
	}
}

// TestExtractRulesMore checks the wording and the ways of adding up that the
// first rules missed; codes not listed must be absent, with no conflicts
// unless noted.
func TestExtractRulesMore(t *testing.T) {
	const head = "UBND XÃ VẠN THỦY\nBÁO CÁO\nKết quả công tác bình đẳng giới 6 tháng đầu năm 2024\nI. KẾT QUẢ\n"
	tests := []struct {
		name     string
		body     string
		want     map[string]float64
		conflict string // the one indicator expected in conflict
	}{
		{"mit tinh", "Tổ chức 02 cuộc mít tinh hưởng ứng Tháng hành động vì bình đẳng giới với 300 người tham dự.", map[string]float64{"comm_sessions": 2, "listeners_reached": 300}, ""},
		{"campaign is not sessions", "Tổ chức 01 đợt truyền thông với 05 buổi nói chuyện, thu hút 400 lượt người nghe.", map[string]float64{"comm_sessions": 5, "listeners_reached": 400}, ""},
		{"campaign alone", "Phối hợp tổ chức 02 đợt truyền thông về phòng, chống bạo lực gia đình.", map[string]float64{"comm_sessions": 2}, ""},
		{"conference", "Tổ chức 03 hội nghị về bình đẳng giới với 180 đại biểu tham dự.", map[string]float64{"comm_sessions": 3}, ""},
		{"broadcasts stand in", "Tổ chức 04 buổi tuyên truyền.\nĐài truyền thanh xã phát thanh 24 buổi về bình đẳng giới.", map[string]float64{"comm_sessions": 4}, ""},
		{"clubs and mediation teams", "Xã có 06 câu lạc bộ gia đình phát triển bền vững, 12 tổ hòa giải.", map[string]float64{"community_models": 18}, ""},
		{"club on another subject", "Duy trì 03 câu lạc bộ dân ca và 02 câu lạc bộ thể dục dưỡng sinh.", map[string]float64{}, ""},
		{"group against violence", "Thành lập 01 nhóm phòng chống bạo lực gia đình tại thôn Nà Pài.", map[string]float64{"community_models": 1}, ""},
		{"cadres and members", "Tổ chức 04 buổi sinh hoạt chuyên đề cho 210 cán bộ, hội viên tham dự.", map[string]float64{"comm_sessions": 4, "listeners_reached": 210}, ""},
		{"victims intervention", "Có 02 nạn nhân được can thiệp, hỗ trợ kịp thời.", map[string]float64{"gbv_victims_supported": 2}, ""},
		{"cases found", "Số vụ bạo lực gia đình được phát hiện, xử lý: 03 vụ.", map[string]float64{"gbv_incidents": 3}, ""},
		{"separate dated activities add up", "Tháng 3, tổ chức 02 buổi tuyên truyền về bình đẳng giới. Nhân ngày 8/3, tổ chức 01 buổi tuyên truyền.", map[string]float64{"comm_sessions": 3}, ""},
		{"summary with details", "Trong 6 tháng, xã tổ chức 05 buổi tuyên truyền. Tháng 3 tổ chức 02 buổi. Tháng 5 tổ chức 03 buổi.", map[string]float64{"comm_sessions": 5}, ""},
		{"summary after details", "Hội Phụ nữ tổ chức 03 buổi tuyên truyền với 150 lượt người nghe.\nĐoàn Thanh niên tổ chức 02 buổi tuyên truyền với 100 lượt người nghe.\nNhư vậy, trong 6 tháng xã tổ chức 05 buổi tuyên truyền với 250 lượt người nghe.", map[string]float64{"comm_sessions": 5, "listeners_reached": 250}, ""},
		{"explicit total wins", "Toàn xã đã tổ chức được 12 cuộc tuyên truyền. Hội Phụ nữ tổ chức 05 cuộc, Đoàn Thanh niên tổ chức 04 cuộc tuyên truyền.", map[string]float64{"comm_sessions": 12}, ""},
		{"total line after a list", "Cụ thể: Hội Phụ nữ tổ chức 03 buổi tuyên truyền; Đoàn Thanh niên tổ chức 02 buổi tuyên truyền.\nTổng số buổi tuyên truyền: 05 buổi.", map[string]float64{"comm_sessions": 5}, ""},
		{"true contradiction", "Xã tổ chức 05 buổi tuyên truyền với 400 lượt người nghe. Xã tổ chức 07 buổi tuyên truyền.", map[string]float64{"listeners_reached": 400}, "comm_sessions"},
		{"same occasion twice", "Ngày 8/3, tổ chức 01 buổi tuyên truyền.\nNhân ngày Quốc tế Phụ nữ 8/3, xã tổ chức 01 buổi mít tinh.", map[string]float64{"comm_sessions": 1}, ""},
		{"cases in two villages", "Xảy ra 01 vụ bạo lực gia đình tại thôn Nà Lay. Xảy ra 01 vụ bạo lực gia đình tại thôn Bản Cầm.", map[string]float64{"gbv_incidents": 2}, ""},
		{"breakdown in brackets", "Xảy ra 02 vụ bạo lực gia đình (thôn Nà Lay 01 vụ, thôn Bản Cầm 01 vụ).", map[string]float64{"gbv_incidents": 2}, ""},
		{"two places in one sentence", "Đã tổ chức 03 buổi tuyên truyền tại thôn Nà Pàn và 02 buổi tại thôn Khuổi Tẩu.", map[string]float64{"comm_sessions": 5}, ""},
		{"two plans listed", "UBND xã đã ban hành 01 kế hoạch thực hiện công tác bình đẳng giới và 01 kế hoạch tổ chức Tháng hành động.", map[string]float64{"plans_issued": 2}, ""},
		{"population is not staff", "Xã có dân số 5.234 người, 1.245 hộ, 12 thôn; có 03 cán bộ phụ trách dân số.", map[string]float64{}, ""},
		{"phone numbers", "Liên hệ đường dây nóng 0912.345.678 hoặc 1900.969.680.", map[string]float64{}, ""},
		{"previous year first", "Năm 2023, xã tổ chức 10 cuộc tuyên truyền với 900 lượt người nghe. Năm 2024, xã tổ chức 12 cuộc tuyên truyền với 1.000 lượt người nghe.", map[string]float64{"comm_sessions": 12, "listeners_reached": 1000}, ""},
		{"law year is not a period", "Tuyên truyền Luật Phòng, chống bạo lực gia đình năm 2022 được 04 cuộc.", map[string]float64{"comm_sessions": 4}, ""},
		{"next year plan", "Kế hoạch năm 2025 tổ chức 06 cuộc tuyên truyền.", map[string]float64{}, ""},
		{"budget", "Kinh phí 5.000.000 đồng cho 02 buổi tuyên truyền.", map[string]float64{"comm_sessions": 2}, ""},
		{"concert contest", "Tổ chức Hội thi văn nghệ với 08 đội tham gia, 60 diễn viên.", map[string]float64{}, ""},
		{"traffic contest", "Đoàn Thanh niên tổ chức Hội thi \"Thanh niên với văn hóa giao thông\" với 06 đội, 36 đoàn viên tham gia dự thi.", map[string]float64{}, ""},
		{"gender contest", "Tổ chức hội thi \"Phụ nữ với pháp luật\" với 05 đội, 30 hội viên tham gia dự thi.", map[string]float64{"contest_teams": 5, "contest_participants": 30}, ""},
		{"city level training", "Cử 03 cán bộ tham gia lớp tập huấn do thành phố tổ chức.", map[string]float64{}, ""},
		{"staff after brackets", "Phân công 01 công chức Văn hóa - Xã hội (nữ) kiêm nhiệm công tác bình đẳng giới.", map[string]float64{"gender_staff_total": 1, "gender_staff_female": 1}, ""},
		{"listeners label under sessions", "Số cuộc tuyên truyền: 04 cuộc.\nSố lượt người tham dự: 350 lượt.", map[string]float64{"comm_sessions": 4, "listeners_reached": 350}, ""},
		{"trainees label", "Cán bộ, hội viên tham gia tập huấn: 35 người.", map[string]float64{"training_attendance": 35}, ""},
		{"table attendance under sessions", "STT | Chỉ tiêu | Kết quả\n1 | Số buổi tuyên truyền | 06\n2 | Số lượt người tham dự | 480", map[string]float64{"comm_sessions": 6, "listeners_reached": 480}, ""},
		{"clause goes on from the one before", "Trong 6 tháng đầu năm, Hội Phụ nữ tổ chức 12 buổi tuyên truyền với 560 lượt hội viên; Đoàn Thanh niên tổ chức 03 buổi với 150 đoàn viên tham gia.", map[string]float64{"comm_sessions": 15, "listeners_reached": 710}, ""},
		{"comma list of activities", "Phối hợp tổ chức 02 buổi tuyên truyền, 01 buổi mít tinh với 320 lượt người tham dự.", map[string]float64{"comm_sessions": 3, "listeners_reached": 320}, ""},
		{"staff roles add up", "Xã có 01 cán bộ chuyên trách và 02 cán bộ kiêm nhiệm công tác bình đẳng giới, trong đó 02 nữ.", map[string]float64{"gender_staff_total": 3, "gender_staff_female": 2}, ""},
		{"upper level holds a part", "Tổ chức 03 lớp tập huấn cho 150 lượt người, trong đó 01 lớp do huyện tổ chức.", map[string]float64{"training_sessions": 3, "training_attendance": 150}, ""},
		{"responsible for population", "Phân công 02 cán bộ phụ trách công tác dân số, kế hoạch hóa gia đình.", map[string]float64{}, ""},
		{"broadcast turns", "Tổ chức tuyên truyền trên hệ thống loa phát thanh được 20 lượt.", map[string]float64{"comm_sessions": 20}, ""},
		{"broadcast turns beside sessions", "Tuyên truyền trên loa phát thanh 15 lượt, tổ chức 03 buổi tuyên truyền với 200 lượt người nghe.", map[string]float64{"comm_sessions": 3, "listeners_reached": 200}, ""},
		{"sex written as a field", "Cán bộ phụ trách công tác bình đẳng giới: 01 đồng chí (kiêm nhiệm), giới tính: Nữ.", map[string]float64{"gender_staff_total": 1, "gender_staff_female": 1}, ""},
		{"assessment restates a part", "Tháng 3, Hội Phụ nữ tổ chức 02 buổi tuyên truyền. Tháng 5, Đoàn Thanh niên tổ chức 01 buổi tuyên truyền.\nII. NHẬN XÉT, ĐÁNH GIÁ\nHội Phụ nữ đã tổ chức 02 buổi tuyên truyền nhân ngày 8/3.", map[string]float64{"comm_sessions": 3}, ""},
		{"assessment gives the whole", "Tháng 3 tổ chức 02 buổi tuyên truyền.\nII. ĐÁNH GIÁ CHUNG\nTrong 6 tháng, xã tổ chức 05 buổi tuyên truyền.", map[string]float64{"comm_sessions": 5}, ""},
		{"hard wrap before a capital", "Hội Liên hiệp Phụ nữ xã phối hợp với Hội Nông dân xã tổ chức 01 buổi nói\nchuyện chuyên đề về Luật Phòng, chống bạo lực gia đình năm 2022 và Luật\nBình đẳng giới cho 75 hội viên tham dự tại nhà văn hóa thôn Làng Ngọ, các\nthôn lồng ghép tuyên truyền trong các buổi họp thôn, sinh hoạt chi hội.", map[string]float64{"comm_sessions": 1, "listeners_reached": 75}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := Extract(head+tt.body+"\n", catalogue.Default())
			got := map[string]float64{}
			for _, v := range ex.Indicators {
				got[v.Code] = v.Value
			}
			for code, want := range tt.want {
				if v, ok := got[code]; !ok || v != want {
					t.Errorf("%s = %v (present %v), want %v", code, v, ok, want)
				}
			}
			for code, v := range got {
				if _, ok := tt.want[code]; !ok {
					t.Errorf("unexpected %s = %v", code, v)
				}
			}
			for _, c := range ex.Conflicts {
				if c.Code != tt.conflict {
					t.Errorf("conflict %+v", c)
				}
			}
			if tt.conflict != "" && len(ex.Conflicts) != 1 {
				t.Errorf("want a conflict on %s, got %d", tt.conflict, len(ex.Conflicts))
			}
		})
	}
}

func TestExtractLowerCaseCommune(t *testing.T) {
	ex := Extract("UBND xã hữu liên\nBÁO CÁO\nCông tác bình đẳng giới năm 2024\nỦy ban nhân dân xã đã ban hành 01 kế hoạch.", catalogue.Default())
	if ex.Commune == nil || *ex.Commune != "Hữu Liên" || ex.UnitType == nil || *ex.UnitType != "xã" {
		t.Errorf("commune %v %v", ex.Commune, ex.UnitType)
	}
	ex = Extract("BÁO CÁO năm 2024\nỦy ban nhân dân xã đã ban hành 01 kế hoạch.", catalogue.Default())
	if ex.Commune != nil {
		t.Errorf("commune %q from a sentence", *ex.Commune)
	}
}
