package summary_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// wordDoc is what the tests read back from a .docx: its parts, and the
// body as paragraphs and tables in order, the way a person reads it.
type wordDoc struct {
	parts  map[string][]byte
	blocks []block
}

// block is a paragraph (Text) or a table (Rows of cell texts).
type block struct {
	Text string
	Rows [][]string
	Name string // a table's caption (tblCaption)
}

// readDocx opens a .docx and reads word/document.xml; every XML part must
// be well formed.
func readDocx(b []byte) (*wordDoc, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	d := &wordDoc{parts: map[string][]byte{}}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, err
		}
		d.parts[f.Name] = data
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			dec := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					return nil, fmt.Errorf("%s: %w", f.Name, err)
				}
			}
		}
	}
	body, ok := d.parts["word/document.xml"]
	if !ok {
		return nil, fmt.Errorf("no word/document.xml")
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	var para strings.Builder
	var cellText strings.Builder
	var row []string
	var tbl *block
	depth := 0 // table nesting
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tbl":
				depth++
				tbl = &block{}
			case "tblCaption":
				for _, a := range t.Attr {
					if a.Name.Local == "val" {
						tbl.Name = a.Value
					}
				}
			case "tr":
				row = nil
			case "tc":
				cellText.Reset()
			case "p":
				para.Reset()
			case "t":
				inText = true
			case "br":
				para.WriteString("\n")
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if depth > 0 {
					if cellText.Len() > 0 && para.Len() > 0 {
						cellText.WriteString("\n")
					}
					cellText.WriteString(para.String())
				} else {
					d.blocks = append(d.blocks, block{Text: para.String()})
				}
			case "tc":
				row = append(row, cellText.String())
			case "tr":
				tbl.Rows = append(tbl.Rows, row)
			case "tbl":
				depth--
				d.blocks = append(d.blocks, *tbl)
			}
		}
	}
	return d, nil
}

// text is the document as plain text: paragraphs one a line, table rows
// with cells joined by " | ".
func (d *wordDoc) text() string {
	var b strings.Builder
	for _, bl := range d.blocks {
		if bl.Rows == nil {
			b.WriteString(bl.Text)
			b.WriteString("\n")
			continue
		}
		for _, r := range bl.Rows {
			b.WriteString(strings.ReplaceAll(strings.Join(r, " | "), "\n", " / "))
			b.WriteString("\n")
		}
	}
	return b.String()
}

// tables lists the tables with a caption name ("communes", "appendix", "area").
func (d *wordDoc) tables(name string) []block {
	var out []block
	for _, bl := range d.blocks {
		if bl.Rows != nil && bl.Name == name {
			out = append(out, bl)
		}
	}
	return out
}
