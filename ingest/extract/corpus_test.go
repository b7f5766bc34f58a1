package extract

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/catalogue"
)

// truth is what a person reads from one corpus report: its commune and
// period, each indicator it states, and the indicators it states with two
// values that an officer must settle (prose against table).
type truth struct {
	Commune   *string              `json:"commune"`
	Period    *string              `json:"period"`
	Values    map[string]float64   `json:"values"`
	Conflicts map[string][]float64 `json:"conflicts"`
}

// score counts one comparison of extractions with truths.
type score struct {
	tp, fp, fn, invented int
}

func (s *score) add(o score) {
	s.tp, s.fp, s.fn, s.invented = s.tp+o.tp, s.fp+o.fp, s.fn+o.fn, s.invented+o.invented
}

func (s score) prf() (p, r, f float64) {
	if s.tp+s.fp > 0 {
		p = float64(s.tp) / float64(s.tp+s.fp)
	}
	if s.tp+s.fn > 0 {
		r = float64(s.tp) / float64(s.tp+s.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (s score) String() string {
	p, r, f := s.prf()
	return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f (tp %d, fp %d, fn %d, invented %d)", p, r, f, s.tp, s.fp, s.fn, s.invented)
}

func sameValue(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

// scoreOne compares one extraction with its truth and says what differs.
func scoreOne(ex Extraction, tr truth) (score, []string) {
	var s score
	var notes []string
	field := func(name string, got, want *string) {
		switch {
		case got == nil && want == nil:
		case want == nil:
			s.fp++
			s.invented++
			notes = append(notes, fmt.Sprintf("%s: invented %q", name, *got))
		case got == nil:
			s.fn++
			notes = append(notes, fmt.Sprintf("%s: missed %q", name, *want))
		case *got == *want:
			s.tp++
		default:
			s.fp++
			s.fn++
			notes = append(notes, fmt.Sprintf("%s: %q, want %q", name, *got, *want))
		}
	}
	field("commune", ex.Commune, tr.Commune)
	field("period", ex.Period, tr.Period)
	got := map[string]float64{}
	for _, v := range ex.Indicators {
		got[v.Code] = v.Value
	}
	conflicts := map[string][]float64{}
	for _, c := range ex.Conflicts {
		for _, v := range c.Candidates {
			conflicts[c.Code] = append(conflicts[c.Code], v.Value)
		}
		sort.Float64s(conflicts[c.Code])
	}
	for code, want := range tr.Values {
		g, ok := got[code]
		switch {
		case ok && sameValue(g, want):
			s.tp++
		case ok:
			s.fp++
			s.fn++
			notes = append(notes, fmt.Sprintf("%s = %v, want %v", code, g, want))
		case conflicts[code] != nil:
			s.fn++
			notes = append(notes, fmt.Sprintf("%s: conflict %v, want %v", code, conflicts[code], want))
		default:
			s.fn++
			notes = append(notes, fmt.Sprintf("%s: missed %v", code, want))
		}
	}
	for code, want := range tr.Conflicts {
		sort.Float64s(want)
		c := conflicts[code]
		same := len(c) == len(want)
		for i := 0; same && i < len(c); i++ {
			same = sameValue(c[i], want[i])
		}
		g, ok := got[code]
		switch {
		case same:
			s.tp++
		case ok:
			s.fp++
			s.fn++
			notes = append(notes, fmt.Sprintf("%s = %v, want the conflict %v", code, g, want))
		case c != nil:
			s.fp++
			s.fn++
			notes = append(notes, fmt.Sprintf("%s: conflict %v, want %v", code, c, want))
		default:
			s.fn++
			notes = append(notes, fmt.Sprintf("%s: missed the conflict %v", code, want))
		}
	}
	for code, g := range got {
		if _, ok := tr.Values[code]; ok {
			continue
		}
		if _, ok := tr.Conflicts[code]; ok {
			continue
		}
		s.fp++
		s.invented++
		notes = append(notes, fmt.Sprintf("%s = %v invented", code, g))
	}
	for code, c := range conflicts {
		if _, ok := tr.Values[code]; ok {
			continue
		}
		if _, ok := tr.Conflicts[code]; ok {
			continue
		}
		s.fp++
		s.invented++
		notes = append(notes, fmt.Sprintf("%s: conflict %v invented", code, c))
	}
	sort.Strings(notes)
	return s, notes
}

// corpusFiles lists the golden corpus: text reports and Word reports.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"../../testdata/reports/*", "../../testdata/word/*.docx"} {
		fs, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	return files
}

// TestCorpusScore reads every report of the golden corpus and scores what
// is extracted against testdata/truth: precision, recall and F1 over header
// fields, values and conflicts. It fails below F1 0.97 or when anything is
// invented (a value for an indicator the report does not state).
func TestCorpusScore(t *testing.T) {
	files := corpusFiles(t)
	cat := catalogue.Default()
	var all, text, word score
	nWord := 0
	for _, f := range files {
		name := filepath.Base(f)
		base := strings.TrimSuffix(name, filepath.Ext(name))
		b, err := os.ReadFile(filepath.Join("../../testdata/truth", base+".json"))
		if err != nil {
			t.Errorf("%s: no truth file: %v", name, err)
			continue
		}
		var tr truth
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, notes := scoreOne(ExtractFile(name, data, cat), tr)
		all.add(s)
		if strings.HasSuffix(name, ".docx") && strings.Contains(f, "/word/") {
			word.add(s)
			nWord++
		} else {
			text.add(s)
		}
		for _, n := range notes {
			t.Logf("%s: %s", name, n)
		}
	}
	if nWord < 20 {
		t.Errorf("the Word corpus has %d reports, want at least 20", nWord)
	}
	fmt.Printf("corpus text: %s\ncorpus word: %s\ncorpus all:  %s\n", text, word, all)
	if _, _, f := all.prf(); f < 0.97 {
		t.Errorf("corpus F1 %.3f < 0.97", f)
	}
	if all.invented > 0 {
		t.Errorf("%d invented values", all.invented)
	}
}

// TestCellAt finds again, from the stored text and evidence offsets alone,
// the cell of every table value of the Word corpus (what the review page
// shows), and no cell for a value read from a sentence.
func TestCellAt(t *testing.T) {
	n := 0
	for _, f := range corpusFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ex := ExtractFile(filepath.Base(f), data, catalogue.Default())
		for _, v := range ex.Indicators {
			c, ok := CellAt(ex.Text, v.Start, v.End)
			if v.Cell == nil {
				if ok {
					t.Errorf("%s %s: a sentence's value found in cell %+v", filepath.Base(f), v.Code, c)
				}
				continue
			}
			n++
			if !ok || c != *v.Cell {
				t.Errorf("%s %s: CellAt = %+v, %v; the extraction said %+v", filepath.Base(f), v.Code, c, ok, *v.Cell)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d table values checked", n)
	}
}
