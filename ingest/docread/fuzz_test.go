package docread

import (
	"testing"
	"unicode/utf8"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/ingest/docread/docxtest"
)

func FuzzRead(f *testing.F) {
	for name, b := range docxtest.Corpus(f) {
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
