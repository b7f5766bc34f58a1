package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/catalogue"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current extractor")

// TestExtractGolden runs every report in testdata/reports and testdata/word
// and compares the extraction with testdata/golden/<name>.json, which was
// checked by hand.
func TestExtractGolden(t *testing.T) {
	files := corpusFiles(t)
	if len(files) < 17 {
		t.Fatalf("want at least 17 test reports, got %d", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ex := ExtractFile(name, data, catalogue.Default())
			checkOffsets(t, ex)
			got, err := json.MarshalIndent(ex, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("../../testdata", "golden", strings.TrimSuffix(name, filepath.Ext(name))+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./ingest/extract -run Golden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("extraction differs from %s\n--- got ---\n%s", golden, got)
			}
		})
	}
}

// checkOffsets asserts that every evidence is exactly the text at its rune offsets.
func checkOffsets(t *testing.T, ex Extraction) {
	t.Helper()
	rs := []rune(ex.Text)
	check := func(v Value) {
		if v.Start < 0 || v.End > len(rs) || v.Start > v.End {
			t.Errorf("%s: offsets %d..%d out of range", v.Code, v.Start, v.End)
			return
		}
		if string(rs[v.Start:v.End]) != v.Evidence {
			t.Errorf("%s: evidence %q != text[%d:%d] %q", v.Code, v.Evidence, v.Start, v.End, string(rs[v.Start:v.End]))
		}
		if v.Confidence <= 0 || v.Confidence > 1 {
			t.Errorf("%s: confidence %v", v.Code, v.Confidence)
		}
		checkCell(t, v.Code, rs, v.Cell)
		for _, e := range v.Also {
			if e.Start < 0 || e.End > len(rs) || e.Start > e.End || string(rs[e.Start:e.End]) != e.Evidence {
				t.Errorf("%s: more evidence %q is not text[%d:%d]", v.Code, e.Evidence, e.Start, e.End)
			}
			checkCell(t, v.Code, rs, e.Cell)
		}
	}
	for _, v := range ex.Indicators {
		check(v)
	}
	for _, c := range ex.Conflicts {
		for _, v := range c.Candidates {
			check(v)
		}
	}
}

// checkCell asserts that a table value's row label, header and cell text
// are the text at their offsets, and that the source says "table".
func checkCell(t *testing.T, code string, rs []rune, c *Cell) {
	t.Helper()
	if c == nil {
		return
	}
	at := func(what, s string, a, b int) {
		if a < 0 || b > len(rs) || a > b || string(rs[a:b]) != s {
			t.Errorf("%s: cell %s %q is not text[%d:%d]", code, what, s, a, b)
		}
	}
	at("text", c.Text, c.Start, c.End)
	if c.RowLabel != "" {
		at("row label", c.RowLabel, c.RowLabelStart, c.RowLabelEnd)
	}
	if c.Header != "" {
		parts := strings.Split(c.Header, " / ")
		at("header", parts[len(parts)-1], c.HeaderStart, c.HeaderEnd)
	}
	if c.Table < 1 || c.Row < 1 || c.Column < 1 {
		t.Errorf("%s: cell %d/%d/%d not 1-based", code, c.Table, c.Row, c.Column)
	}
}
