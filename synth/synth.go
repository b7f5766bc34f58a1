// Package synth makes synthetic national data: structured submissions for
// every commune and period, and narrative reports rendered from varied
// templates. The benchmarks load it at national scale and the cluster test
// loads a subset of it into one server and into a two-shard cluster.
package synth

import (
	"fmt"

	"strings"

	"github.com/bdg-district/bdg/catalogue"

	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// Structured gives one published submission per commune and period with a
// value for each code; values vary with commune, indicator and year, and a
// part never exceeds its whole (the rules would refuse to publish it).
func Structured(list []units.Unit, periods []period.Period, codes []string) []ingest.Submission {
	out := make([]ingest.Submission, 0, len(list)*len(periods))
	parent := map[string]string{}
	for _, ind := range catalogue.Default() {
		if ind.Parent != "" {
			parent[ind.Code] = ind.Parent
		}
	}
	for _, p := range periods {
		for i, u := range list {
			vals := make([]model.Value, 0, len(codes))
			at := map[string]int{}
			for j, c := range codes {
				at[c] = len(vals)
				vals = append(vals, model.Value{Indicator: c, Value: float64((i*7 + j*13 + p.Year) % 97), Method: model.MethodImported, Confidence: 1})
			}
			for part, whole := range parent {
				pi, ok1 := at[part]
				wi, ok2 := at[whole]
				if ok1 && ok2 && vals[pi].Value > vals[wi].Value {
					vals[pi].Value = float64(int(vals[wi].Value) / 2)
				}
			}
			out = append(out, ingest.Submission{Commune: u.Code, Period: p, Values: vals, SourceKind: "csv", By: "synth",
				At: p.End().AddDate(0, 0, 5), Publish: true})
		}
	}
	return out
}

var templates = []string{
	`ỦY BAN NHÂN DÂN
%[1]s
Số: %[2]d/BC-UBND

BÁO CÁO
Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ 6 tháng đầu năm 2024

Ủy ban nhân dân %[3]s báo cáo kết quả như sau:
I. CÔNG TÁC CHỈ ĐẠO TRIỂN KHAI
UBND xã đã ban hành %02[4]d kế hoạch, %02[5]d quyết định để triển khai thực hiện công tác bình đẳng giới.
II. KẾT QUẢ THỰC HIỆN
1. Trong 6 tháng đầu năm tuyên truyền được %02[6]d cuộc với %[7]d lượt người nghe.
2. Trong 6 tháng đầu năm trên địa bàn xã không có vụ bạo lực gia đình nào xảy ra.
3. Ủy ban nhân dân xã phân công %02[4]d cán bộ phụ trách kiêm nhiệm công tác bình đẳng giới là nữ.
V. PHƯƠNG HƯỚNG, NHIỆM VỤ
- Phấn đấu tổ chức %02[8]d cuộc tuyên truyền.
CHỦ TỊCH
Nguyễn Văn An
`,
	`UBND %[1]s
BÁO CÁO 6 tháng đầu năm 2024 về bình đẳng giới (số %[2]d)
- UBND %[3]s tổ chức %[6]d buổi truyền thông, thu hút %[7]d lượt người tham dự.
- Mở %[4]d lớp tập huấn với %[8]d lượt người tham gia.
- Xảy ra %[5]d vụ bạo lực gia đình; hỗ trợ, tư vấn cho %[5]d nạn nhân.
- Duy trì %[4]d mô hình phòng, chống bạo lực gia đình.
`,
}

// Narratives writes n reports of communes from list, each naming its commune,
// district and province so that the name is unambiguous.
func Narratives(list []units.Unit, parents map[string]units.Unit, n int) []string {
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		u := list[i%len(list)]
		d := parents[u.ParentCode]
		p := parents[d.ParentCode]
		where := fmt.Sprintf("%s %s, %s %s, %s %s", u.Type, u.Name, d.Type, d.Name, p.Type, p.Name)
		out = append(out, fmt.Sprintf(templates[i%len(templates)], strings.ToUpper(u.Type+" "+u.Name), i+1, where,
			1+i%3, i%4, 2+i%9, 100+i%1900, 3+i%5))
	}
	return out
}

// PreReform splits the unit lists into the communes before the 2025 reform
// and their districts and provinces by code: what Narratives takes.
func PreReform(all []units.Unit) (communes []units.Unit, parents map[string]units.Unit) {
	parents = map[string]units.Unit{}
	for _, u := range all {
		switch {
		case u.Era != period.EraPre2025:
		case u.Level == "commune":
			communes = append(communes, u)
		default:
			parents[u.Code] = u
		}
	}
	return communes, parents
}
