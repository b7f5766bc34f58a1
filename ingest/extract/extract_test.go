package extract

import (
	"testing"

	"github.com/bdg-district/bdg/catalogue"
)

// TestExtractRules checks single sentences against what a careful reader
// takes from them: values, and values that must stay absent.
func TestExtractRules(t *testing.T) {
	const head = "UBND XÃ VẠN THỦY\nBÁO CÁO\nKết quả công tác bình đẳng giới 6 tháng đầu năm 2024\nI. KẾT QUẢ\n"
	tests := []struct {
		name string
		body string
		want map[string]float64 // code -> value; codes not listed must be absent
	}{
		{"sessions and listeners", "Xã tuyên truyền được 04 cuộc với 1.500 lượt người nghe.", map[string]float64{"comm_sessions": 4, "listeners_reached": 1500}},
		{"comparison", "Thu hút 650 lượt người tham dự tuyên truyền, tăng 200 lượt so với cùng kỳ.", map[string]float64{"listeners_reached": 650}},
		{"comparison cases", "Xảy ra 02 vụ bạo lực gia đình, giảm 01 vụ so với năm trước.", map[string]float64{"gbv_incidents": 2}},
		{"stated zero", "Không xảy ra vụ bạo lực gia đình nào trên địa bàn.", map[string]float64{"gbv_incidents": 0}},
		{"serious only is not zero", "Không có vụ bạo lực gia đình nghiêm trọng nào xảy ra.", map[string]float64{}},
		{"zero cases", "Trên địa bàn có 0 vụ bạo lực gia đình.", map[string]float64{"gbv_incidents": 0}},
		{"other place", "Toàn huyện có 15 vụ bạo lực gia đình.", map[string]float64{}},
		{"upper level", "Cán bộ tham gia 02 lớp tập huấn do cấp trên tổ chức.", map[string]float64{}},
		{"documents", "Thực hiện văn bản số 914/UBND ngày 28 tháng 5 năm 2024, Nghị quyết số 11, Kế hoạch số 20/KH-UBND.", map[string]float64{}},
		{"plans and decisions", "UBND đã ban hành 1 kế hoạch, 02 quyết định.", map[string]float64{"plans_issued": 1, "decisions_issued": 2}},
		{"cheering is not contest", "Hội thi có 04 đội tham gia với 41 hội viên tham gia dự thi và 80 hội viên cổ vũ, trao một giải nhất.", map[string]float64{"contest_teams": 4, "contest_participants": 41}},
		{"staff la nu", "Phân công 01 cán bộ phụ trách kiêm nhiệm công tác bình đẳng giới là nữ.", map[string]float64{"gender_staff_total": 1, "gender_staff_female": 1}},
		{"staff trong do", "Xã có 03 cán bộ làm công tác bình đẳng giới, trong đó 02 nữ.", map[string]float64{"gender_staff_total": 3, "gender_staff_female": 2}},
		{"cadres", "Tổng số cán bộ, công chức xã 22 người, trong đó nữ 9 người, chiếm 40,9%.", map[string]float64{"cadre_total": 22, "cadre_female": 9, "female_cadre_ratio": 40.9}},
		{"training", "Mở 02 lớp tập huấn với 120 lượt người tham gia.", map[string]float64{"training_sessions": 2, "training_attendance": 120}},
		{"training no number", "Cử cán bộ phụ trách công tác bình đẳng giới tham gia các lớp tập huấn.", map[string]float64{}},
		{"victims", "Hỗ trợ, tư vấn cho 03 nạn nhân bạo lực gia đình.", map[string]float64{"gbv_victims_supported": 3}},
		{"models", "Duy trì 05 mô hình và 03 địa chỉ tin cậy.", map[string]float64{"community_models": 8}},
		{"words", "Tổ chức mười hai buổi truyền thông với hai mươi lăm lượt người tham dự.", map[string]float64{"comm_sessions": 12, "listeners_reached": 25}},
		{"table row", "Số lượt người nghe | 1.500", map[string]float64{"listeners_reached": 1500}},
		{"target", "Phấn đấu tổ chức 06 cuộc tuyên truyền.", map[string]float64{}},
		{"colon female", "Tổng số cán bộ, công chức xã: 20 đồng chí, nữ: 6 đồng chí.", map[string]float64{"cadre_total": 20, "cadre_female": 6}},
		{"number repeated in words", "Tuyên truyền được 04 (bốn) cuộc.", map[string]float64{"comm_sessions": 4}},
		{"english thousands", "Tuyên truyền cho 1,500 lượt người nghe.", map[string]float64{"listeners_reached": 1500}},
		{"parts of a total", "Xảy ra 03 vụ bạo lực gia đình, trong đó bạo lực tinh thần 02 vụ, bạo lực thể chất 01 vụ.", map[string]float64{"gbv_incidents": 3}},
		{"female in brackets", "Cán bộ làm công tác bình đẳng giới: 01 đồng chí (nữ), kiêm nhiệm.", map[string]float64{"gender_staff_total": 1, "gender_staff_female": 1}},
		{"other commune", "Xã Vũ Lăng có 06 mô hình.", map[string]float64{}},
		{"organisations add up", "Hội Phụ nữ tổ chức 12 buổi tuyên truyền với 560 lượt hội viên tham dự; Đoàn Thanh niên tổ chức 03 buổi sinh hoạt chuyên đề với 150 đoàn viên tham gia.", map[string]float64{"comm_sessions": 15, "listeners_reached": 710}},
		{"table with female column", "Nội dung | Tổng số | Nam | Nữ\nSố cán bộ làm công tác bình đẳng giới | 3 | 1 | 2", map[string]float64{"gender_staff_total": 3, "gender_staff_female": 2}},
		{"committee members are not staff", "Ban vì sự tiến bộ của phụ nữ xã gồm 09 thành viên kiêm nhiệm, trong đó có 05 nữ.", map[string]float64{}},
		{"participation of", "Mở 01 lớp tập huấn với sự tham gia của 80 đại biểu.", map[string]float64{"training_sessions": 1, "training_attendance": 80}},
		{"caps sub-heading inside tasks", "IV. KẾ HOẠCH NĂM 2025\n1. CÔNG TÁC TUYÊN TRUYỀN\nTổ chức 20 cuộc tuyên truyền.", map[string]float64{}},
		{"needed is not a target", "Kịp thời hỗ trợ các trường hợp cần thiết, tư vấn cho 03 nạn nhân bạo lực gia đình.", map[string]float64{"gbv_victims_supported": 3}},
		{"goal words before a result", "Để thực hiện mục tiêu bình đẳng giới, xã đã tổ chức 05 buổi tuyên truyền.", map[string]float64{"comm_sessions": 5}},
		{"no training held", "Trong kỳ chưa tổ chức được lớp tập huấn nào.", map[string]float64{"training_sessions": 0}},
		{"tasks section", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ\n- Tổ chức 06 cuộc tuyên truyền với 600 lượt người nghe.", map[string]float64{}},
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
			if len(ex.Conflicts) > 0 {
				t.Errorf("conflicts: %+v", ex.Conflicts)
			}
		})
	}
}

func TestExtractConflict(t *testing.T) {
	ex := Extract("BÁO CÁO năm 2024\nXã tuyên truyền được 06 cuộc.\nĐã tổ chức 08 cuộc tuyên truyền.\nTổ chức 06 cuộc tuyên truyền.", catalogue.Default())
	if len(ex.Conflicts) != 1 || ex.Conflicts[0].Code != "comm_sessions" || len(ex.Conflicts[0].Candidates) != 2 {
		t.Fatalf("conflicts %+v", ex.Conflicts)
	}
	for _, v := range ex.Indicators {
		if v.Code == "comm_sessions" {
			t.Errorf("conflicting indicator also reported as value")
		}
	}
	if len(ex.Warnings) == 0 {
		t.Error("no warning for conflict")
	}
}

func TestExtractHeaderOneLine(t *testing.T) {
	ex := Extract("UBND XÃ VẠN THỦY CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 45/BC-UBND Vạn Thủy, ngày 28 tháng 6 năm 2024\nBÁO CÁO KẾT QUẢ CÔNG TÁC BÌNH ĐẲNG GIỚI 6 THÁNG ĐẦU NĂM 2024", catalogue.Default())
	if ex.Commune == nil || *ex.Commune != "Vạn Thủy" || ex.ReportDate == nil || *ex.ReportDate != "2024-06-28" ||
		ex.DocNumber == nil || *ex.DocNumber != "45/BC-UBND" || ex.Period == nil || *ex.Period != "2024-H1" {
		t.Errorf("header: commune %v date %v doc %v period %v", ex.Commune, ex.ReportDate, ex.DocNumber, ex.Period)
	}
}

func TestExtractHeaderForms(t *testing.T) {
	ex := Extract("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ TÂN TRI | Độc lập - Tự do - Hạnh phúc\nSố: 45/BC-UBND | Tân Tri, ngày 28 tháng 6 năm 2024\nBÁO CÁO\nCông tác năm 2024 của xã Tân Tri, tỉnh Lạng Sơn\nTM. ỦY BAN NHÂN DÂN CHỦ TỊCH (Đã ký) NGUYỄN VĂN AN", catalogue.Default())
	check := func(field string, got *string, want string) {
		t.Helper()
		if want == "" {
			if got != nil {
				t.Errorf("%s = %q, want null", field, *got)
			}
			return
		}
		if got == nil || *got != want {
			t.Errorf("%s = %v, want %q", field, got, want)
		}
	}
	check("commune", ex.Commune, "Tân Tri")
	check("unit_type", ex.UnitType, "xã")
	check("district", ex.District, "")
	check("province", ex.Province, "Lạng Sơn")
	check("period", ex.Period, "2024")
	check("report_date", ex.ReportDate, "2024-06-28")
	check("doc_number", ex.DocNumber, "45/BC-UBND")
	check("signer", ex.Signer, "Nguyễn Văn An")
}
