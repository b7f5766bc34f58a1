package extract

import (
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/docread"
	"github.com/bdg-district/bdg/ingest/docread/docxtest"
)

// TestBudgetRefuses checks that a text over its budget is refused with a
// bilingual error: 413 for its size, 422 for the time it takes.
func TestBudgetRefuses(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/reports/000_seed_van_thuy_2024H1.txt")
	if err != nil {
		t.Fatal(err)
	}
	cat := catalogue.Default()
	check := func(err error, status int, code string) {
		t.Helper()
		e, ok := apperr.As(err)
		if !ok {
			t.Fatalf("error %v is not an *apperr.Error", err)
		}
		if e.HTTPStatus() != status || e.Code != code || e.Field != "file" || e.MessageVI == "" || e.MessageEN == "" {
			t.Errorf("error %+v, want %d %s about the file in both languages", e, status, code)
		}
	}
	ex, err := ExtractWithin(string(seed), cat, Budget{MaxText: 1000})
	check(err, http.StatusRequestEntityTooLarge, docread.CodeTextTooLong)
	if len(ex.Indicators) != 0 || ex.Indicators == nil {
		t.Errorf("a refused text gave values %v", ex.Indicators)
	}
	_, err = ExtractWithin(string(seed), cat, Budget{MaxTime: time.Nanosecond})
	check(err, http.StatusUnprocessableEntity, CodeTooComplex)
	if ex := Extract(strings.Repeat("a", docread.MaxText+1), cat); !strings.Contains(ex.Error, " / ") || len(ex.Indicators) != 0 {
		t.Errorf("Extract of a text over the limit: error %q, %d values", ex.Error, len(ex.Indicators))
	}
	if ex, err := ExtractWithin(string(seed), cat, Budget{}); err != nil || len(ex.Indicators) != 9 {
		t.Errorf("the seed within the default budget: %v, %d values", err, len(ex.Indicators))
	}
}

// hostileText is what made extraction quadratic, mixed: thousands of short
// lines with figures and no full stop (one "sentence" when joined), one long
// sentence of clauses, a figure per sentence for one indicator, dated parts,
// a long table, and ordinary report text, to about n bytes.
func hostileText(n int) string {
	seed, _ := os.ReadFile("../../testdata/reports/000_seed_van_thuy_2024H1.txt")
	var b strings.Builder
	b.Write(seed)
	parts := []string{
		"\ntổ chức 1 buổi tuyên truyền cho 20 lượt người nghe",
		"\nHội Phụ nữ tổ chức 3 buổi tuyên truyền với 50 lượt người; Đoàn Thanh niên tổ chức 2 buổi với 40 lượt người;",
		"\nTổ chức 5 cuộc tuyên truyền về bình đẳng giới. Tháng 3 tổ chức 2 buổi tập huấn cho 30 học viên.",
		"\n1 | Số cuộc tuyên truyền | Cuộc | 5 | 6",
		"\nXảy ra 01 vụ bạo lực gia đình tại thôn Nà Lay, không có vụ việc nào nghiêm trọng, 02 mô hình và 03 địa chỉ tin cậy.",
	}
	for i := 0; b.Len() < n; i++ {
		b.WriteString(parts[i%len(parts)])
		if i%200 == 199 {
			b.Write(seed)
		}
	}
	return b.String()
}

// shortParagraphsDocx is a Word file of n short paragraphs with figures: it
// compresses to little and inflates to a long text.
func shortParagraphsDocx(n int) []byte {
	var body strings.Builder
	for i := 0; i < n; i++ {
		body.WriteString(docxtest.Para("có 1 vụ và 2 buổi tuyên truyền cho 30 người"))
	}
	return docxtest.Package(body.String())
}

// TestExtractLinear checks that reading twice the text takes at most 2.5
// times as long and allocates at most 2.5 times as much, for the inputs that
// were quadratic and for a Word file of short paragraphs. Time is the
// process's CPU time (on a shared machine other processes stretch wall time
// unevenly), the best of three runs per size, taken in turns.
func TestExtractLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("times whole extractions")
	}
	cat := catalogue.Default()
	cases := []struct {
		name string
		run  func(scale int)
	}{
		{"text", func(scale int) {
			text := hostileText(scale * 100_000)
			Extract(text, cat)
		}},
		{"docx", func(scale int) {
			data := shortParagraphsDocx(scale * 2000)
			text, _, err := docread.Read("ngan.docx", data)
			if err != nil {
				t.Fatal(err)
			}
			Extract(text, cat)
		}},
	}
	for _, c := range cases {
		best := [3]time.Duration{}
		alloc := [3]uint64{}
		measure := func(rounds int) {
			for round := 0; round < rounds; round++ {
				for _, scale := range []int{1, 2} {
					var ms runtime.MemStats
					runtime.GC()
					runtime.ReadMemStats(&ms)
					before := ms.TotalAlloc
					t0 := cpuTime()
					c.run(scale)
					d := cpuTime() - t0
					runtime.ReadMemStats(&ms)
					if best[scale] == 0 || d < best[scale] {
						best[scale] = d
					}
					alloc[scale] = ms.TotalAlloc - before
				}
			}
		}
		// The best of several rounds: a busy machine only ever adds time, and
		// a quadratic cost (4× for twice the text) stays over the bound
		// however often it is measured.
		measure(3)
		for retry := 0; retry < 3 && float64(best[2])/float64(best[1]) > 2.5; retry++ {
			measure(3)
		}
		ratio := float64(best[2]) / float64(best[1])
		aratio := float64(alloc[2]) / float64(alloc[1])
		t.Logf("%s: 1× %v, 2× %v, time ratio %.2f, allocation ratio %.2f", c.name, best[1], best[2], ratio, aratio)
		if ratio > 2.5 {
			t.Errorf("%s: twice the text takes %.2f times as long (1× %v, 2× %v), want at most 2.5", c.name, ratio, best[1], best[2])
		}
		if aratio > 2.5 {
			t.Errorf("%s: twice the text allocates %.2f times as much, want at most 2.5", c.name, aratio)
		}
	}
}
