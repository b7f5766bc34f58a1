package docread

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/bdg-district/bdg/apperr"
)

// Limits that protect the reader from zip bombs and hostile XML.
const (
	maxDocxEntries    = 1000
	maxDocumentXML    = 20 << 20 // uncompressed word/document.xml
	maxDocxTotal      = 50 << 20 // uncompressed, all entries
	maxXMLDepth       = 200
	docxCellSeparator = " | "
)

var errBudget = errors.New("ingest: uncompressed size limit exceeded")

func docxError(vi, en string) *apperr.Error { return fileError(CodeDocx, vi, en) }

func tooLarge() *apperr.Error {
	return fileError(CodeTooLarge, "Tệp .docx giải nén quá lớn (nghi là zip bomb), tối đa 20 MB nội dung",
		"the .docx expands to too much data (suspected zip bomb); at most 20 MB of content")
}

// readDocx returns the text of word/document.xml: one line per paragraph
// and per table row, cells joined with " | ", in document order.
func readDocx(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", docxError("Tệp .docx bị hỏng hoặc không phải tệp Word", "the .docx file is damaged or not a Word file")
	}
	if len(zr.File) > maxDocxEntries {
		return "", fileError(CodeTooMany, "Tệp .docx có quá nhiều thành phần (tối đa 1000)", "the .docx has too many entries (at most 1000)")
	}
	var total uint64
	var doc *zip.File
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if total > maxDocxTotal {
		return "", tooLarge()
	}
	if doc == nil {
		return "", docxError("Tệp .docx không có word/document.xml", "the .docx has no word/document.xml")
	}
	if doc.UncompressedSize64 > maxDocumentXML {
		return "", tooLarge()
	}
	rc, err := doc.Open()
	if err != nil {
		return "", docxError("Không mở được nội dung tệp .docx", "cannot open the .docx content")
	}
	defer rc.Close()
	// Declared sizes can lie: count what is actually inflated.
	lr := &budgetReader{r: rc, left: maxDocumentXML}
	text, err := docxText(lr)
	if errors.Is(err, errBudget) {
		return "", tooLarge()
	}
	if e, ok := apperr.As(err); ok {
		return "", e
	}
	if err != nil {
		return "", docxError("Nội dung XML của tệp .docx không hợp lệ", "the .docx XML is invalid")
	}
	return text, nil
}

// budgetReader fails once more than left bytes have been read.
type budgetReader struct {
	r    io.Reader
	left int64
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errBudget
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, errBudget
	}
	return n, err
}

type docxTable struct {
	cells []string
	cell  strings.Builder
	lines []string // finished rows of this table
}

// docxText walks WordprocessingML and renders paragraphs and table rows.
func docxText(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	dec.Entity = nil
	var (
		out    []string
		para   strings.Builder
		tables []*docxTable
		depth  int
		inText bool
	)
	write := func(s string) {
		if len(tables) > 0 {
			tables[len(tables)-1].cell.WriteString(s)
		} else {
			para.WriteString(s)
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxXMLDepth {
				return "", fileError(CodeTooDeep, "Cấu trúc XML của tệp .docx lồng quá sâu", "the .docx XML is nested too deeply")
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				write("\t")
			case "br", "cr":
				write(" ")
			case "noBreakHyphen":
				write("-")
			case "tbl":
				tables = append(tables, &docxTable{})
			case "tc":
				if len(tables) > 0 {
					tables[len(tables)-1].cell.Reset()
				}
			case "tr":
				if len(tables) > 0 {
					tables[len(tables)-1].cells = nil
				}
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if len(tables) > 0 {
					c := &tables[len(tables)-1].cell
					if c.Len() > 0 && !strings.HasSuffix(c.String(), " ") {
						c.WriteString(" ")
					}
				} else {
					out = append(out, strings.TrimRight(para.String(), " "))
					para.Reset()
				}
			case "tc":
				if len(tables) > 0 {
					tb := tables[len(tables)-1]
					tb.cells = append(tb.cells, strings.Join(strings.Fields(tb.cell.String()), " "))
					tb.cell.Reset()
				}
			case "tr":
				if len(tables) > 0 {
					tb := tables[len(tables)-1]
					tb.lines = append(tb.lines, strings.Join(tb.cells, docxCellSeparator))
					tb.cells = nil
				}
			case "tbl":
				if len(tables) > 0 {
					tb := tables[len(tables)-1]
					tables = tables[:len(tables)-1]
					if len(tables) > 0 {
						// A nested table becomes text of the outer cell.
						tables[len(tables)-1].cell.WriteString(strings.Join(tb.lines, " ; ") + " ")
					} else {
						out = append(out, tb.lines...)
					}
				}
			}
		case xml.CharData:
			if inText {
				write(string(t))
			}
		case xml.Directive:
			// DOCTYPE would allow entity definitions; Word never writes one.
			return "", docxError("Tệp .docx chứa khai báo DOCTYPE không được phép", "the .docx contains a forbidden DOCTYPE declaration")
		}
	}
	if para.Len() > 0 {
		out = append(out, para.String())
	}
	return strings.Join(out, "\n"), nil
}
