package extract_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/docread"
	"github.com/bdg-district/bdg/ingest/extract"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/synth"
	"github.com/bdg-district/bdg/units"
)

// BenchmarkExtract reads every test report (text and Word) once per
// iteration.
func BenchmarkExtract(b *testing.B) {
	var files []string
	for _, dir := range []string{"../../testdata/reports", "../../testdata/word"} {
		fs, _ := filepath.Glob(dir + "/*")
		files = append(files, fs...)
	}
	var texts []string
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // a folder
		}
		text, _, err := docread.Read(filepath.Base(f), data)
		if err != nil {
			continue
		}
		texts = append(texts, text)
		size += len(text)
	}
	benchTexts(b, texts, size)
}

// BenchmarkExtractNarratives runs the synthetic narratives that make bench's
// extract_mb_per_s, so the figure can be profiled with go test.
func BenchmarkExtractNarratives(b *testing.B) {
	all, err := units.Load()
	if err != nil {
		b.Fatal(err)
	}
	var old []units.Unit
	parents := map[string]units.Unit{}
	for _, u := range all {
		if u.Era != period.EraPre2025 {
			continue
		}
		if u.Level == "commune" {
			old = append(old, u)
		} else {
			parents[u.Code] = u
		}
	}
	texts := synth.Narratives(old, parents, 500)
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	benchTexts(b, texts, size)
}

func benchTexts(b *testing.B, texts []string, size int) {
	cat := catalogue.Default()
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			extract.Extract(t, cat)
		}
	}
}
