package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bdg-district/bdg/chtest"
)

// hostileCase is one request that must be refused with a 4xx.
type hostileCase struct {
	name        string
	contentType string
	body        []byte
	file        []byte // multipart upload when not nil
	fileName    string
	fields      map[string]string
}

func zipOf(entries map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range entries {
		w, _ := zw.Create(name)
		w.Write(body)
	}
	zw.Close()
	return buf.Bytes()
}

func docxWithXML(xml string) []byte {
	return zipOf(map[string][]byte{"word/document.xml": []byte(xml)})
}

// hostileCorpus builds well over 100 hostile submissions.
func hostileCorpus(t *testing.T) []hostileCase {
	seed := seedText(t)
	var cs []hostileCase
	js := func(name, body string) {
		cs = append(cs, hostileCase{name: "json/" + name, contentType: "application/json", body: []byte(body)})
	}
	up := func(name, fileName string, data []byte, fields map[string]string) {
		cs = append(cs, hostileCase{name: "file/" + name, file: data, fileName: fileName, fields: fields})
	}
	// Numbers no report can mean.
	for i, v := range []string{"-1", "-0.5", "1.5", "2.25", "1e308", "1e999", "-1e308", "1e10", "NaN", `"NaN"`, `"Infinity"`,
		"Infinity", "-Infinity", "null", "true", `"1.500"`, "[1]", `{"v":1}`, "0x10", "01", "1_000", `""`, "9007199254740993.5"} {
		js(fmt.Sprintf("value-%d", i), `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":`+v+`}}`)
	}
	for i, v := range []string{"100.1", "150", "1e3", "-3"} {
		js(fmt.Sprintf("ratio-%d", i), `{"commune":"06331","period":"2024-H1","values":{"female_staff_ratio":`+v+`}}`)
	}
	// Hostile commune codes and periods.
	for i, c := range []string{"<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\",\"y\")", "'; DROP TABLE reports; --", "../../etc/passwd",
		"06331' OR '1'='1", "0633", "063311", "99999", "00000", "", " ", "06331\u0000", "０６３３１", "06331\n", "@SUM(A1)", "+06331", "-06331"} {
		js(fmt.Sprintf("commune-%d", i), fmt.Sprintf(`{"commune":%q,"period":"2024-H1","values":{"listeners_reached":1}}`, c))
	}
	for i, p := range []string{"2024-H3", "2099-H1", "2027", "1800", "2024-Q0", "2024-M13", "<b>2024</b>", "2024-H1'; --", "", "2024-h1x", "../2024"} {
		js(fmt.Sprintf("period-%d", i), fmt.Sprintf(`{"commune":"06331","period":%q,"values":{"listeners_reached":1}}`, p))
	}
	// Structure.
	js("empty", ``)
	js("not-json", `commune=06331`)
	js("array", `[{"commune":"06331"}]`)
	js("trailing", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":1}} {"x":1}`)
	js("unknown-field", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":1},"status":"published"}`)
	js("unknown-indicator", `{"commune":"06331","period":"2024-H1","values":{"<script>":1}}`)
	js("sql-indicator", `{"commune":"06331","period":"2024-H1","values":{"x') DROP TABLE reports --":1}}`)
	js("no-values", `{"commune":"06331","period":"2024-H1"}`)
	js("deep", strings.Repeat(`{"a":`, 10000)+"1"+strings.Repeat("}", 10000))
	js("invalid-utf8", "{\"commune\":\"06331\",\"period\":\"2024-H1\",\"values\":{\"listeners_reached\":1},\"x\":\"\xff\xfe\"}")
	js("control-chars", "{\"commune\":\"06331\u0001\",\"period\":\"2024-H1\",\"values\":{\"listeners_reached\":1}}")
	many := []string{}
	for i := 0; i < 5000; i++ {
		many = append(many, fmt.Sprintf(`"k%d":1`, i))
	}
	js("many-keys", `{"commune":"06331","period":"2024-H1","values":{`+strings.Join(many, ",")+`}}`)
	js("huge", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":1},"pad":"`+strings.Repeat("a", 12<<20)+`"}`)
	cs = append(cs, hostileCase{name: "content-type/xml", contentType: "application/xml", body: []byte("<r/>")},
		hostileCase{name: "content-type/none", contentType: "", body: []byte("{}")},
		hostileCase{name: "content-type/text", contentType: "text/plain", body: seed},
		hostileCase{name: "multipart/no-file", contentType: "multipart/form-data; boundary=x", body: []byte("--x--\r\n")},
		hostileCase{name: "multipart/broken", contentType: "multipart/form-data; boundary=x", body: []byte("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc")},
	)

	// Files.
	bomb := bytes.Repeat([]byte("<w:p><w:r><w:t>a</w:t></w:r></w:p>"), 1<<20) // 34 MB of XML, compresses to ~100 KB
	up("zip-bomb", "bomb.docx", docxWithXML(`<w:document xmlns:w="x"><w:body>`+string(bomb)+`</w:body></w:document>`), nil)
	entries := map[string][]byte{"word/document.xml": []byte(`<w:document xmlns:w="x"><w:body/></w:document>`)}
	for i := 0; i < 1500; i++ {
		entries[fmt.Sprintf("x/%d.xml", i)] = []byte("x")
	}
	up("too-many-entries", "many.docx", zipOf(entries), nil)
	up("deep-xml", "deep.docx", docxWithXML(`<w:document xmlns:w="x">`+strings.Repeat("<w:p>", 5000)+strings.Repeat("</w:p>", 5000)+`</w:document>`), nil)
	up("entities", "ent.docx", docxWithXML(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&c;&c;&c;</w:t></w:r></w:p></w:body></w:document>`), nil)
	up("external-entity", "xxe.docx", docxWithXML(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>`), nil)
	up("no-document", "empty.docx", zipOf(map[string][]byte{"a.txt": []byte("x")}), nil)
	up("not-a-zip", "broken.docx", []byte("PK\x03\x04garbage"), nil)
	up("truncated-zip", "cut.docx", docxWithXML("<w:document/>")[:40], nil)
	up("bad-xml", "bad.docx", docxWithXML("<w:document><w:body><w:p>"), nil)
	up("pdf", "report.pdf", []byte("%PDF-1.7\n..."), nil)
	up("doc", "report.doc", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, nil)
	up("exe", "virus.exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), nil)
	up("png", "photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), nil)
	up("invalid-utf8", "bad.txt", []byte("B\xe1o c\xe1o \xff\xfe\xfd x\xe3 V\xe1n"), nil)
	up("control-chars", "ctl.txt", bytes.Repeat([]byte("\x00\x01\x02\x1b[31m"), 1000), nil)
	up("empty", "empty.txt", []byte{}, nil)
	up("whitespace", "blank.txt", []byte("   \n\n\t  "), nil)
	up("one-long-line", "line.txt", bytes.Repeat([]byte("a"), 10<<20-100), nil)
	up("too-large", "big.txt", bytes.Repeat([]byte("a "), 6<<20), nil)
	up("no-period", "noperiod.txt", []byte("Ủy ban nhân dân xã Vạn Thủy báo cáo: tuyên truyền được 04 cuộc."), nil)
	up("no-commune", "nocommune.txt", []byte("Báo cáo 6 tháng đầu năm 2024: tuyên truyền được 04 cuộc."), nil)
	up("utf16-no-bom", "u16.txt", []byte("B\x00a\x00o\x00"), nil)
	for i, name := range []string{"../../etc/passwd", "..\\..\\win.ini", "<img src=x onerror=alert(1)>.txt", "=HYPERLINK(\"x\").txt",
		"'; DROP TABLE reports;--.txt", "a\"b.txt", "+cmd.txt", "@SUM(1).txt", "-2+3.txt", "con|pipe.txt", ".", "..", strings.Repeat("a", 300) + ".txt"} {
		up(fmt.Sprintf("file-name-%d", i), name, seed, nil)
	}
	for i, c := range []string{"<script>", "=1+1", "../06331", "06331; DROP", "99999", "6331"} {
		up(fmt.Sprintf("commune-field-%d", i), "seed.txt", seed, map[string]string{"commune": c})
	}
	for i, p := range []string{"2024-H2", "2023-H1", "2099-H1", "bad", "<b>"} {
		up(fmt.Sprintf("period-field-%d", i), "seed.txt", seed, map[string]string{"period": p})
	}
	return cs
}

// TestHostileRequests sends the corpus: every answer is a 4xx with the
// bilingual error shape, nothing panics, nothing is stored.
func TestHostileRequests(t *testing.T) {
	st := chtest.New(t)
	h := newTestAPI(t, st, nil, officer)
	corpus := hostileCorpus(t)
	if len(corpus) < 100 {
		t.Fatalf("corpus has %d cases, want at least 100", len(corpus))
	}
	for _, tc := range corpus {
		var req *http.Request
		if tc.file != nil {
			a := upload(t, h, tc.fileName, tc.file, tc.fields)
			check(t, tc.name, a)
			continue
		}
		req = httptest.NewRequest(http.MethodPost, "/api/v1/reports", bytes.NewReader(tc.body))
		if tc.contentType != "" {
			req.Header.Set("Content-Type", tc.contentType)
		}
		check(t, tc.name, do(t, h, req))
	}
	if n := countReports(t, st); n != 0 {
		t.Errorf("%d reports stored from hostile input, want 0", n)
	}
	var files uint64
	if err := st.Conn.QueryRow(t.Context(), "SELECT count() FROM report_files").Scan(&files); err != nil || files != 0 {
		t.Errorf("%d files stored from hostile input (%v), want 0", files, err)
	}
}

func check(t *testing.T, name string, a apiAnswer) {
	t.Helper()
	if a.Status < 400 || a.Status >= 500 {
		t.Errorf("%s: status %d, want 4xx: %.300s", name, a.Status, a.Raw)
		return
	}
	if a.Err.Error.Code == "" || a.Err.Error.MessageVI == "" || a.Err.Error.MessageEN == "" {
		t.Errorf("%s: %d without the bilingual error shape: %.300s", name, a.Status, a.Raw)
	}
}
