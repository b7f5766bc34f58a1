package docread

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/ingest/docread/docxtest"
)

func testReports(f *testing.F) map[string][]byte {
	files, _ := filepath.Glob(testdata + "/reports/*")
	words, _ := filepath.Glob(testdata + "/word/*.docx")
	files = append(files, words...)
	out := map[string][]byte{}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out[filepath.Base(p)] = b
	}
	return out
}

func FuzzRead(f *testing.F) {
	for name, b := range testReports(f) {
		f.Add(name, b)
	}
	f.Add("x.docx", docxtest.Build([]docxtest.Block{{Text: "a"}, {Rows: [][]string{{"b", "c"}}}}))
	f.Add("x.txt", []byte{0xFF, 0xFE, 0x41})
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		text, _, err := Read(name, data)
		if err != nil {
			if _, ok := apperr.As(err); !ok {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Fatal("invalid UTF-8 text")
		}
	})
}
