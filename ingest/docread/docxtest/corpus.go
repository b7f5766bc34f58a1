package docxtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Corpus reads the repository's real-form reports (testdata/reports and the
// Word reports in testdata/word) by file name: the fuzzers of the reader
// and of the extractor start from them.
func Corpus(t testing.TB) map[string][]byte {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(here), "..", "..", "..", "testdata")
	files, _ := filepath.Glob(filepath.Join(root, "reports", "*"))
	words, _ := filepath.Glob(filepath.Join(root, "word", "*.docx"))
	files = append(files, words...)
	if len(files) == 0 {
		t.Fatalf("no reports under %s", root)
	}
	out := make(map[string][]byte, len(files))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = b
	}
	return out
}
