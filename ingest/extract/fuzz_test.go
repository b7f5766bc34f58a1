package extract

import (
	"testing"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/docread"
	"github.com/bdg-district/bdg/ingest/docread/docxtest"
)

func FuzzExtract(f *testing.F) {
	for name, b := range docxtest.Corpus(f) {
		if text, _, err := docread.Read(name, b); err == nil {
			f.Add(text)
		}
	}
	f.Add("không có vụ bạo lực nào; tăng 02 vụ so với | 1.500 | trong đó nữ 0 người, chiếm 100,5%")
	f.Add("Số: 1/BC\nX, ngày 1 tháng 1 năm 2024\nBÁO CÁO\nquý IV/2024\nCHỦ TỊCH\nA B")
	cat := catalogue.Default()
	f.Fuzz(func(t *testing.T, text string) {
		ex := Extract(text, cat)
		rs := []rune(ex.Text)
		for _, v := range ex.Indicators {
			if v.Start < 0 || v.End > len(rs) || v.Start > v.End || string(rs[v.Start:v.End]) != v.Evidence {
				t.Fatalf("%s: bad evidence offsets %d..%d", v.Code, v.Start, v.End)
			}
		}
		if ex.Indicators == nil || ex.Conflicts == nil || ex.Warnings == nil {
			t.Fatal("nil list")
		}
	})
}
