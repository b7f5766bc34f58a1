package docread

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
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

// docxTable is a table being read: its finished rows and the row and cell
// under way. Rows are laid out on the table's grid: a cell spanning n grid
// columns (w:gridSpan) is followed by n-1 empty cells, a cell continuing a
// vertical merge (w:vMerge) is empty, and columns skipped at the start of a
// row (w:gridBefore) are empty cells, so that every row's k-th cell is in
// the k-th column and a two-row header lines up with the data below it.
type docxTable struct {
	rows       []string
	cells      []string
	cell       strings.Builder
	span       int
	merged     bool // the cell continues a merge from above or from the left
	gridBefore int
}

// docxText walks WordprocessingML and renders paragraphs, one per line,
// and tables, one line per row with cells joined by " | ", in document order.
// Only text a reader of the document sees is kept: text of runs (w:t), with
// tabs and breaks inside runs; not deleted text, field codes, tab stop
// definitions, or the fallback copy of a text box.
func docxText(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	dec.Entity = nil
	var (
		out       strings.Builder
		para      strings.Builder
		tables    []*docxTable
		depth     int
		inText    bool
		inRun     int
		skip      int  // depth inside an element whose text is not shown
		lastTable bool // the last block written was a table
	)
	line := func(s string) {
		if out.Len() > MaxText {
			return // refused below, once the document is read this far
		}
		if out.Len() > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(s)
	}
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
		if out.Len() > MaxText {
			return "", TextTooLong(out.Len(), MaxText)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxXMLDepth {
				return "", fileError(CodeTooDeep, "Cấu trúc XML của tệp .docx lồng quá sâu", "the .docx XML is nested too deeply")
			}
			if skip > 0 {
				skip++
				continue
			}
			var tb *docxTable
			if len(tables) > 0 {
				tb = tables[len(tables)-1]
			}
			switch t.Name.Local {
			case "Fallback":
				// mc:Fallback repeats the text box of mc:Choice for old readers.
				skip = 1
			case "r":
				inRun++
			case "t":
				inText = inRun > 0
			case "tab", "ptab":
				if inRun > 0 { // not a tab stop of w:pPr/w:tabs
					write("\t")
				}
			case "br", "cr":
				if inRun > 0 {
					write(" ")
				}
			case "noBreakHyphen":
				write("-")
			case "tbl":
				tables = append(tables, &docxTable{})
			case "tr":
				if tb != nil {
					tb.cells, tb.gridBefore = nil, 0
				}
			case "gridBefore":
				if tb != nil {
					tb.gridBefore = attrInt(t, "val")
				}
			case "tc":
				if tb != nil {
					tb.cell.Reset()
					tb.span, tb.merged = 1, false
				}
			case "gridSpan":
				if tb != nil {
					tb.span = max(attrInt(t, "val"), 1)
				}
			case "vMerge", "hMerge":
				// A merge starts at "restart"; any other cell of it continues.
				if tb != nil && attr(t, "val") != "restart" {
					tb.merged = true
				}
			}
		case xml.EndElement:
			depth--
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "r":
				inRun = max(inRun-1, 0)
			case "p":
				if len(tables) > 0 {
					write(" ")
				} else {
					line(paragraphText(para.String()))
					lastTable = false
					para.Reset()
				}
			case "tc":
				if len(tables) > 0 {
					tb := tables[len(tables)-1]
					c := cellText(tb.cell.String())
					if tb.merged {
						c = ""
					}
					tb.cells = append(tb.cells, c)
					for k := 1; k < tb.span; k++ {
						tb.cells = append(tb.cells, "")
					}
					tb.cell.Reset()
				}
			case "tr":
				if len(tables) > 0 {
					tb := tables[len(tables)-1]
					cells := tb.cells
					if tb.gridBefore > 0 {
						cells = append(make([]string, tb.gridBefore), cells...)
					}
					tb.rows = append(tb.rows, strings.Join(cells, docxCellSeparator))
					tb.cells = nil
				}
			case "tbl":
				if len(tables) > 0 {
					tb := tables[len(tables)-1]
					tables = tables[:len(tables)-1]
					if len(tables) > 0 {
						// A nested table becomes text of the outer cell.
						for i, r := range tb.rows {
							tb.rows[i] = strings.ReplaceAll(r, docxCellSeparator, " / ")
						}
						tables[len(tables)-1].cell.WriteString(strings.Join(tb.rows, " ; ") + " ")
						continue
					}
					if lastTable {
						line("") // two tables in a row stay two tables
					}
					for _, r := range tb.rows {
						line(r)
					}
					lastTable = len(tb.rows) > 0 || lastTable
				}
			}
		case xml.CharData:
			if inText && skip == 0 {
				write(string(t))
			}
		case xml.Directive:
			// DOCTYPE would allow entity definitions; Word never writes one.
			return "", docxError("Tệp .docx chứa khai báo DOCTYPE không được phép", "the .docx contains a forbidden DOCTYPE declaration")
		}
	}
	if s := paragraphText(para.String()); s != "" {
		line(s)
	}
	return out.String(), nil
}

// paragraphText is a paragraph's line: tabs that only indent or align are
// dropped, tabs between words kept as one (a tab-aligned "label<TAB>value").
func paragraphText(s string) string {
	s = strings.Trim(s, " \t")
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	tab := false
	for _, r := range s {
		if r == '\t' {
			tab = true
			continue
		}
		if tab {
			b.WriteByte('\t')
			tab = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cellText is one table cell's text on one line: paragraphs, breaks and tabs
// become single spaces, and a "|" (the cell separator) becomes "/".
func cellText(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", "/")
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// attrInt reads a small count attribute (a span); anything else is 0.
func attrInt(t xml.StartElement, name string) int {
	n, err := strconv.Atoi(attr(t, name))
	if err != nil || n < 0 || n > 64 {
		return 0
	}
	return n
}
