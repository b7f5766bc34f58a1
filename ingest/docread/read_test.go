package docread

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/ingest/docread/docxtest"
	"golang.org/x/text/unicode/norm"
)

func wantCode(t *testing.T, err error, code string) *apperr.Error {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("error %v is not *apperr.Error", err)
	}
	if e.Code != code {
		t.Fatalf("code %q, want %q (%v)", e.Code, code, e)
	}
	if e.MessageVI == "" || e.MessageEN == "" || !strings.Contains(e.Error(), " / ") {
		t.Fatalf("error is not bilingual: %q", e.Error())
	}
	return e
}

func TestReadDocumentTypes(t *testing.T) {
	_, _, err := Read("bao_cao.pdf", []byte("%PDF-1.7 ..."))
	e := wantCode(t, err, CodePDF)
	if !strings.Contains(e.Error(), "PDF chưa được hỗ trợ") || !strings.Contains(e.Error(), "PDF is not supported, please upload .docx or .txt") {
		t.Errorf("PDF message: %q", e.Error())
	}
	_, _, err = Read("scan.PDF", []byte("not really"))
	wantCode(t, err, CodePDF)
	_, _, err = Read("anh.png", []byte("\x89PNG\r\n\x1a\n\x00\x00"))
	wantCode(t, err, CodeUnknownType)
	_, _, err = Read("cu.doc", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1})
	wantCode(t, err, CodeUnknownType)
	_, _, err = Read("rong.txt", []byte("  \n\t"))
	wantCode(t, err, CodeEmpty)
	_, _, err = Read("hong.docx", []byte("PK\x03\x04garbage"))
	wantCode(t, err, CodeDocx)
}

func TestReadTextEncodings(t *testing.T) {
	const want = "Báo cáo kết quả công tác bình đẳng giới của xã Vạn Thủy"
	tests := []struct {
		name     string
		data     []byte
		encoding string
		nfd      bool
	}{
		{"utf8", []byte(want), "utf-8", false},
		{"bom", append([]byte{0xEF, 0xBB, 0xBF}, want...), "utf-8-bom", false},
		{"utf16le", utf16LE(want), "utf-16le", false},
		{"utf16be", utf16BE(want), "utf-16be", false},
		{"nfd", []byte(norm.NFD.String(want)), "utf-8", true},
		{"utf16le without BOM", utf16LE(want)[2:], "utf-16le", false},
		{"crlf", []byte(want + "\r\n"), "utf-8", false},
		{"tcvn3", latin1Bytes(wantTCVN3), "tcvn3", false},
		{"tcvn3 as unicode mojibake", []byte(wantTCVN3), "tcvn3", false},
		{"vni", toVNI(want), "vni", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, info, err := Read("a.txt", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(got) != want {
				t.Errorf("text %q, want %q", got, want)
			}
			if info.Encoding != tt.encoding || info.NFD != tt.nfd {
				t.Errorf("info %+v, want encoding %s nfd %v", info, tt.encoding, tt.nfd)
			}
			if (tt.encoding == "tcvn3" || tt.encoding == "vni") && len(info.Warnings) == 0 {
				t.Errorf("no warning for legacy encoding")
			}
		})
	}
}

// wantTCVN3 is the sentence of TestReadTextEncodings in TCVN3, shown as
// Latin-1: written out here rather than encoded with the decoder's own table.
const wantTCVN3 = "B¸o c¸o kÕt qu¶ c«ng t¸c b×nh ®¼ng giíi cña x· V¹n Thñy"

// latin1Bytes is s's Latin-1 bytes (every rune below 256).
func latin1Bytes(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r))
	}
	return b
}

func utf16BE(s string) []byte {
	le := utf16LE(s)
	for i := 0; i+1 < len(le); i += 2 {
		le[i], le[i+1] = le[i+1], le[i]
	}
	return le
}

func TestTCVN3Examples(t *testing.T) {
	tests := map[string]string{
		"B¸o c¸o": "Báo cáo",
		"Céng hoµ x· héi chñ nghÜa ViÖt Nam": "Cộng hoà xã hội chủ nghĩa Việt Nam",
		"§éc lËp - Tù do - H¹nh phóc":        "Độc lập - Tự do - Hạnh phúc",
		"B¸O C¸O":                            "BÁO CÁO",
	}
	for in, want := range tests {
		if legacyKind(in+" "+in+" "+in) != "tcvn3" {
			t.Errorf("%q not detected as TCVN3", in)
		}
		if got := fromTCVN3(in); got != want {
			t.Errorf("fromTCVN3(%q) = %q, want %q", in, got, want)
		}
	}
	if got := norm.NFC.String(fromVNI("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")); got != "Cộng hòa xã hội chủ nghĩa Việt Nam" {
		t.Errorf("fromVNI = %q", got)
	}
	if got := norm.NFC.String(fromVNI("Ñoäc laäp - Töï do - Haïnh phuùc ñöôïc")); got != "Độc lập - Tự do - Hạnh phúc được" {
		t.Errorf("fromVNI = %q", got)
	}
	// Real Vietnamese is never taken for mojibake.
	for _, s := range []string{"Báo cáo kết quả công tác bình đẳng giới", "Ủy ban nhân dân xã Vạn Thủy · 2024 ®", "Hello world"} {
		if k := legacyKind(s); k != "" {
			t.Errorf("legacyKind(%q) = %q", s, k)
		}
	}
}

func TestReadInvalidUTF8(t *testing.T) {
	_, _, err := Read("a.txt", []byte("Báo cáo \xff\xfe\xfd hỏng"))
	wantCode(t, err, CodeInvalidUTF8)
}

func TestReadDocx(t *testing.T) {
	data := docxtest.Build([]docxtest.Block{
		{Text: "BÁO CÁO"},
		{Rows: [][]string{{"Nội dung", "Kết quả"}, {"Số lượt người nghe", "1.500"}, {"Ô có\nhai đoạn", "x & y"}}},
		{Text: "Kết thúc"},
	})
	text, info, err := Read("bao_cao.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := "BÁO CÁO\nNội dung | Kết quả\nSố lượt người nghe | 1.500\nÔ có hai đoạn | x & y\nKết thúc"
	if text != want || info.Format != "docx" {
		t.Errorf("text %q, want %q (info %+v)", text, want, info)
	}
}

func zipBytes(t *testing.T, entries map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDocxZipBomb(t *testing.T) {
	// 100 MB of one repeated byte compresses to about 100 kB.
	huge := bytes.Repeat([]byte("a"), 100<<20)
	doc := append([]byte(`<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>`), huge...)
	data := zipBytes(t, map[string][]byte{"word/document.xml": doc})
	huge, doc = nil, nil
	_, _, err := Read("bom.docx", data)
	wantCode(t, err, CodeTooLarge)

	// A lying header: declared size small, real payload large.
	data = lieAboutSize(t, bytes.Repeat([]byte("b"), 30<<20))
	_, _, err = Read("bom2.docx", data)
	if err == nil {
		t.Fatal("lying zip accepted")
	}
	if _, ok := apperr.As(err); !ok {
		t.Fatalf("not a bilingual error: %v", err)
	}
}

// lieAboutSize writes a zip whose document.xml claims to be 100 bytes.
func lieAboutSize(t *testing.T, payload []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(payload)
	zw.Close()
	b := buf.Bytes()
	// Patch the central directory's uncompressed size (offset 24 in the header).
	i := bytes.LastIndex(b, []byte("PK\x01\x02"))
	if i < 0 {
		t.Fatal("no central directory")
	}
	b[i+24], b[i+25], b[i+26], b[i+27] = 100, 0, 0, 0
	return b
}

func TestDocxTooManyEntries(t *testing.T) {
	entries := map[string][]byte{"word/document.xml": []byte(`<w:document xmlns:w="w"/>`)}
	for i := 0; i < 1001; i++ {
		entries[fmt.Sprintf("x/%d", i)] = nil
	}
	_, _, err := Read("many.docx", zipBytes(t, entries))
	wantCode(t, err, CodeTooMany)
}

func TestDocxDeepXML(t *testing.T) {
	doc := `<w:document xmlns:w="w">` + strings.Repeat("<w:x>", 300) + strings.Repeat("</w:x>", 300) + `</w:document>`
	_, _, err := Read("deep.docx", zipBytes(t, map[string][]byte{"word/document.xml": []byte(doc)}))
	wantCode(t, err, CodeTooDeep)
}

func TestDocxEntities(t *testing.T) {
	doc := `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="w"><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:document>`
	_, _, err := Read("xxe.docx", zipBytes(t, map[string][]byte{"word/document.xml": []byte(doc)}))
	wantCode(t, err, CodeDocx)
	_, _, err = Read("none.docx", zipBytes(t, map[string][]byte{"word/other.xml": []byte("<a/>")}))
	wantCode(t, err, CodeDocx)
}

func TestReadDocxTCVN3(t *testing.T) {
	// A .docx typed with a .VnTime font stores TCVN3 bytes as Latin-1 letters.
	want := "Báo cáo kết quả công tác bình đẳng giới của xã Vạn Thủy"
	data := docxtest.Build([]docxtest.Block{{Text: wantTCVN3}})
	text, info, err := Read("vntime.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if text != want || info.Encoding != "tcvn3" {
		t.Errorf("text %q (encoding %s), want %q", text, info.Encoding, want)
	}
}

func TestReadMixedLegacy(t *testing.T) {
	// A Unicode header pasted above a TCVN3 body: only the body is converted.
	head := "Ủy ban nhân dân xã Vạn Thủy"
	body := "Kết quả công tác bình đẳng giới năm 2024 của xã"
	text, info, err := Read("mixed.txt", []byte(head+"\n"+"KÕt qu¶ c«ng t¸c b×nh ®¼ng giíi n¨m 2024 cña x·"))
	if err != nil {
		t.Fatal(err)
	}
	if text != head+"\n"+body || info.Encoding != "tcvn3" {
		t.Errorf("text %q (encoding %s)", text, info.Encoding)
	}
}

// TestDocxTableStructure reads what Word writes for merged cells and split
// runs: each row laid out on the table's grid, so that a two-row header
// lines up with the data under it.
func TestDocxTableStructure(t *testing.T) {
	run := func(s string) string {
		return `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + s + `</w:t></w:r>`
	}
	tc := func(props string, runs ...string) string {
		return `<w:tc><w:tcPr>` + props + `</w:tcPr><w:p>` + strings.Join(runs, "") + `</w:p></w:tc>`
	}
	body := `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>` +
		run("Số lượt") + `<w:proofErr w:type="spellStart"/>` + run(" người nghe:") + `<w:r><w:tab/></w:r>` + run("2.4") +
		`<w:bookmarkStart w:id="0" w:name="x"/>` + run("15") + `<w:r><w:br/></w:r>` + run("lượt") + `</w:p>` +
		`<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
		`<w:tr>` + tc(`<w:vMerge w:val="restart"/>`, run("Chỉ tiêu")) + tc(`<w:gridSpan w:val="2"/>`, run("Năm 2024")) + tc(`<w:vMerge w:val="restart"/>`, run("Ghi chú")) + `</w:tr>` +
		`<w:tr>` + tc(`<w:vMerge/>`) + tc(``, run("Kế hoạch")) + tc(``, run("Thực"), run(" hiện")) + tc(`<w:vMerge w:val="continue"/>`) + `</w:tr>` +
		`<w:tr>` + tc(``, run("Số cuộc")) + tc(``, run("1")) + tc(``, run("1"), `<w:del w:id="1"><w:r><w:delText>9</w:delText></w:r></w:del>`, run("2")) + tc(``, run("a | b")) + `</w:tr>` +
		`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>` + tc(`<w:gridSpan w:val="3"/>`, run("Nguồn: UBND xã")) + `</w:tr>` +
		`</w:tbl>` +
		`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p>` + run("Hộp văn bản") + `</w:p></w:txbxContent></mc:Choice>` +
		`<mc:Fallback><w:txbxContent><w:p>` + run("Hộp văn bản") + `</w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		`<w:p><w:r><w:tab/><w:tab/><w:t>CHỦ TỊCH</w:t></w:r></w:p>`
	text, _, err := Read("bang.docx", docxtest.Package(body))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"Số lượt người nghe:\t2.415 lượt",
		"Chỉ tiêu | Năm 2024 |  | Ghi chú",
		" | Kế hoạch | Thực hiện | ",
		"Số cuộc | 1 | 12 | a / b",
		" | Nguồn: UBND xã |  | ",
		"Hộp văn bản",
		"",
		"CHỦ TỊCH",
	}, "\n")
	if text != want {
		t.Errorf("text\n%q\nwant\n%q", text, want)
	}
}

// TestReadTextTooLong refuses a file whose text is over MaxText with 413,
// plain text or a Word file that inflates to it.
func TestReadTextTooLong(t *testing.T) {
	long := strings.Repeat("Số lượt người nghe: 1.500 lượt.\n", MaxText/32+2)
	_, _, err := Read("dai.txt", []byte(long))
	e := wantCode(t, err, CodeTextTooLong)
	if e.HTTPStatus() != 413 {
		t.Errorf("status %d, want 413", e.HTTPStatus())
	}
	var body strings.Builder
	para := docxtest.Para(strings.Repeat("có 1 vụ bạo lực gia đình; ", 20))
	for body.Len() < MaxText+(1<<20) {
		body.WriteString(para)
	}
	_, _, err = Read("dai.docx", docxtest.Package(body.String()))
	wantCode(t, err, CodeTextTooLong)
	if _, _, err := Read("vua.txt", []byte(long[:MaxText-100])); err != nil {
		t.Errorf("a text under the limit: %v", err)
	}
}
