package extract

import (
	"os"
	"testing"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/docread"
)

// BenchmarkExtract reads every test report once per iteration.
func BenchmarkExtract(b *testing.B) {
	entries, err := os.ReadDir("../../testdata/reports")
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	size := 0
	for _, e := range entries {
		data, err := os.ReadFile("../../testdata/reports/" + e.Name())
		if err != nil {
			b.Fatal(err)
		}
		text, _, err := docread.Read(e.Name(), data)
		if err != nil {
			continue
		}
		texts = append(texts, text)
		size += len(text)
	}
	cat := catalogue.Default()
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			Extract(t, cat)
		}
	}
}
