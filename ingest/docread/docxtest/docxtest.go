// Package docxtest builds small Word documents for tests: paragraphs and
// tables written as WordprocessingML, zipped as Word would. It is test
// support shared by the readers', the extractor's and the service's tests.
package docxtest

import (
	"archive/zip"
	"bytes"
	"strings"
)

// Block is a paragraph (Text) or a table (Rows of cells; a cell's
// paragraphs are separated by "\n").
type Block struct {
	Text string
	Rows [][]string
}

// XMLText escapes s for a w:t element.
func XMLText(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Para is one paragraph of one run.
func Para(s string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + XMLText(s) + `</w:t></w:r></w:p>`
}

// Build writes a minimal WordprocessingML package of the blocks.
func Build(blocks []Block) []byte {
	var body strings.Builder
	for _, b := range blocks {
		if b.Rows == nil {
			body.WriteString(Para(b.Text))
			continue
		}
		body.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>`)
		for _, row := range b.Rows {
			body.WriteString(`<w:tr>`)
			for _, cell := range row {
				body.WriteString(`<w:tc>`)
				for _, p := range strings.Split(cell, "\n") {
					body.WriteString(Para(p))
				}
				body.WriteString(`</w:tc>`)
			}
			body.WriteString(`</w:tr>`)
		}
		body.WriteString(`</w:tbl>`)
	}
	return Package(body.String())
}

const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	rels         = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
)

// Package zips a document.xml body (the XML inside w:body) into a .docx.
func Package(body string) []byte {
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
		` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"` +
		` xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"><w:body>` +
		body + `<w:sectPr/></w:body></w:document>`
	return zipFiles(map[string]string{
		"[Content_Types].xml": contentTypes,
		"_rels/.rels":         rels,
		"word/document.xml":   doc,
	})
}

func zipFiles(files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		body, ok := files[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			panic(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
