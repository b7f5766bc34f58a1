package docread

import (
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/ingest/docread/docxtest"
)

var producerMeta = regexp.MustCompile(`<meta name="producer" content="([a-z]+)"`)

// TestGenerateWordCorpus writes testdata/word/*.docx from the XHTML sources
// in testdata/word/src: a source whose producer is "ooxml" is written as raw
// WordprocessingML with runs cut oddly (docxtest.FromHTML), one whose
// producer is "libreoffice" is converted by LibreOffice Writer, as an
// office would save it. It runs only with -update (LibreOffice must be
// installed then); the outputs are committed and the corpus tests read
// them without LibreOffice.
func TestGenerateWordCorpus(t *testing.T) {
	if !*update {
		t.Skip("only with -update")
	}
	srcs, err := filepath.Glob(filepath.Join(testdata, "word", "src", "*.html"))
	if err != nil || len(srcs) == 0 {
		t.Fatalf("no sources: %v", err)
	}
	tmp := t.TempDir()
	for _, src := range srcs {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(src), ".html")
		out := filepath.Join(testdata, "word", name+".docx")
		m := producerMeta.FindSubmatch(b)
		if m == nil {
			t.Fatalf("%s: no producer meta", src)
		}
		switch string(m[1]) {
		case "ooxml":
			h := fnv.New64a()
			h.Write([]byte(name))
			docx, err := docxtest.FromHTML(b, h.Sum64())
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			if err := os.WriteFile(out, docx, 0o644); err != nil {
				t.Fatal(err)
			}
		case "libreoffice":
			cmd := exec.Command("soffice", "--headless", "-env:UserInstallation=file://"+filepath.Join(tmp, "profile"),
				"--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, src)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: soffice: %v\n%s", src, err, msg)
			}
			docx, err := os.ReadFile(filepath.Join(tmp, name+".docx"))
			if err != nil {
				t.Fatalf("%s: soffice wrote nothing: %v", src, err)
			}
			if err := os.WriteFile(out, docx, 0o644); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("%s: unknown producer %q", src, m[1])
		}
	}
}
