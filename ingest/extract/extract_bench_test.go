package extract_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/docread"
	"github.com/bdg-district/bdg/ingest/extract"
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
	old, parents := synth.PreReform(all)
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

// BenchmarkExtractScaling times one long report made of 64, 128 and 256
// synthetic narratives (x1, x2, x4): for linear extraction the time per
// report doubles from one size to the next, and MB/s stays level.
func BenchmarkExtractScaling(b *testing.B) {
	all, err := units.Load()
	if err != nil {
		b.Fatal(err)
	}
	cat := catalogue.Default()
	for _, k := range []int{1, 2, 4} {
		text := scalingText(all, k)
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				extract.Extract(text, cat)
			}
		})
	}
}

// scalingBase is how many synthetic narratives make the 1× text of the
// scaling benchmark (about 50 KB, a long report); bench/extract.go builds
// the same texts for make bench's extract_scaling figures.
const scalingBase = 64

// scalingText is k·scalingBase synthetic narratives of the pre-2025
// communes joined into one report.
func scalingText(all []units.Unit, k int) string {
	old, parents := synth.PreReform(all)
	return strings.Join(synth.Narratives(old, parents, k*scalingBase), "\n")
}
