package docxtest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FromHTML writes a Word document from a small XHTML subset the way Word
// itself stores one: paragraphs (<p>, <h1>-<h3>; <b>, <i>, <span> inside),
// soft breaks (<br/>), tabs (a literal tab character), tables (<table>,
// <tr>, <td>/<th> with colspan and rowspan, cells holding text or <p>s) and
// <ooxml> elements whose content is copied into the body as it stands (text
// boxes, tracked changes, fields). Text is cut into runs at places chosen by
// seed, inside words and numbers too ("2.4" + "15"), with the proofing marks,
// bookmarks and revision ids Word leaves between them, so that a reader
// must join runs back. colspan becomes w:gridSpan and rowspan w:vMerge.
func FromHTML(src []byte, seed uint64) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	g := &gen{rnd: seed | 1}
	body, err := findBody(dec)
	if err != nil {
		return nil, err
	}
	if err := g.blocks(dec, body); err != nil {
		return nil, err
	}
	return Package(g.out.String()), nil
}

type gen struct {
	out strings.Builder
	rnd uint64
	bm  int
}

// next is a small xorshift generator: the same seed gives the same document.
func (g *gen) next(n int) int {
	g.rnd ^= g.rnd << 13
	g.rnd ^= g.rnd >> 7
	g.rnd ^= g.rnd << 17
	return int(g.rnd % uint64(n))
}

func findBody(dec *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return xml.StartElement{}, fmt.Errorf("docxtest: no <body>: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && strings.EqualFold(se.Name.Local, "body") {
			return se, nil
		}
	}
}

// blocks writes the block elements up to the end of parent.
func (g *gen) blocks(dec *xml.Decoder, parent xml.StartElement) error {
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch strings.ToLower(t.Name.Local) {
			case "p", "h1", "h2", "h3", "div":
				runs, err := g.inline(dec, t, false)
				if err != nil {
					return err
				}
				g.para(runs, strings.HasPrefix(strings.ToLower(t.Name.Local), "h"))
			case "table":
				if err := g.table(dec); err != nil {
					return err
				}
			case "ooxml":
				raw, err := innerXML(dec)
				if err != nil {
					return err
				}
				g.out.WriteString(raw)
			default:
				if err := dec.Skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			if t.Name.Local == parent.Name.Local {
				return nil
			}
		}
	}
}

// piece is inline content: text with its formatting, a break or a tab.
type piece struct {
	text       string
	bold, ital bool
	br         bool
}

// inline reads a paragraph's content into pieces.
func (g *gen) inline(dec *xml.Decoder, start xml.StartElement, bold bool) ([]piece, error) {
	var out []piece
	ital := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			s := collapse(string(t))
			if s != "" {
				out = append(out, piece{text: s, bold: bold, ital: ital})
			}
		case xml.StartElement:
			switch strings.ToLower(t.Name.Local) {
			case "br":
				out = append(out, piece{br: true})
				if err := dec.Skip(); err != nil {
					return nil, err
				}
			case "b", "strong":
				in, err := g.inline(dec, t, true)
				if err != nil {
					return nil, err
				}
				out = append(out, in...)
			case "i", "em":
				in, err := g.inline(dec, t, bold)
				if err != nil {
					return nil, err
				}
				for k := range in {
					in[k].ital = true
				}
				out = append(out, in...)
			default:
				in, err := g.inline(dec, t, bold)
				if err != nil {
					return nil, err
				}
				out = append(out, in...)
			}
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, start.Name.Local) {
				return trimPieces(out), nil
			}
		}
	}
}

// collapse folds HTML white space (new lines, runs of spaces) into single
// spaces but keeps tab characters, which stand for Word tabs.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case '\n', '\r', ' ':
			space = true
			continue
		}
		if space && b.Len() > 0 && r != '\t' {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if space && b.Len() > 0 {
		b.WriteByte(' ')
	}
	return b.String()
}

func trimPieces(ps []piece) []piece {
	for len(ps) > 0 && !ps[0].br && strings.TrimLeft(ps[0].text, " ") == "" {
		ps = ps[1:]
	}
	if len(ps) > 0 && !ps[0].br {
		ps[0].text = strings.TrimLeft(ps[0].text, " ")
	}
	for len(ps) > 0 && !ps[len(ps)-1].br && strings.TrimRight(ps[len(ps)-1].text, " ") == "" {
		ps = ps[:len(ps)-1]
	}
	if n := len(ps); n > 0 && !ps[n-1].br {
		ps[n-1].text = strings.TrimRight(ps[n-1].text, " ")
	}
	return ps
}

// para writes one w:p with its content cut into runs.
func (g *gen) para(ps []piece, heading bool) {
	g.out.WriteString(`<w:p w:rsidR="00` + strconv.Itoa(100000+g.next(899999)) + `"><w:pPr>`)
	if g.next(3) == 0 {
		// Tab stops are defined in the paragraph properties: not text.
		g.out.WriteString(`<w:tabs><w:tab w:val="center" w:pos="2268"/><w:tab w:val="left" w:pos="5670"/></w:tabs>`)
	}
	g.out.WriteString(`<w:spacing w:before="60" w:after="60"/><w:jc w:val="both"/></w:pPr>`)
	for _, p := range ps {
		if p.br {
			g.out.WriteString(`<w:r><w:br/></w:r>`)
			continue
		}
		for i, part := range strings.Split(p.text, "\t") {
			if i > 0 {
				g.out.WriteString(`<w:r><w:tab/></w:r>`)
			}
			g.runs(part, p.bold || heading, p.ital)
		}
	}
	g.out.WriteString(`</w:p>`)
}

// runs writes text as several runs cut at random places, with the noise
// Word leaves between runs.
func (g *gen) runs(s string, bold, ital bool) {
	for s != "" {
		n := utf8.RuneCountInString(s)
		cut := n
		if n > 1 && g.next(3) != 0 {
			cut = 1 + g.next(min(n-1, 12))
		}
		i := len(s)
		if cut < n {
			i = 0
			for k := 0; k < cut; k++ {
				_, w := utf8.DecodeRuneInString(s[i:])
				i += w
			}
		}
		part := s[:i]
		s = s[i:]
		switch g.next(7) {
		case 0:
			g.out.WriteString(`<w:proofErr w:type="spellStart"/>`)
		case 1:
			g.bm++
			fmt.Fprintf(&g.out, `<w:bookmarkStart w:id="%d" w:name="_GoBack%d"/><w:bookmarkEnd w:id="%d"/>`, g.bm, g.bm, g.bm)
		}
		g.out.WriteString(`<w:r w:rsidRPr="00` + strconv.Itoa(100000+g.next(899999)) + `"><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>`)
		if bold {
			g.out.WriteString(`<w:b/>`)
		}
		if ital {
			g.out.WriteString(`<w:i/>`)
		}
		g.out.WriteString(`<w:sz w:val="28"/><w:lang w:val="vi-VN"/></w:rPr>`)
		if g.next(11) == 0 {
			g.out.WriteString(`<w:lastRenderedPageBreak/>`)
		}
		g.out.WriteString(`<w:t xml:space="preserve">` + XMLText(part) + `</w:t></w:r>`)
	}
}

// cell is one <td> of the source, placed on the grid.
type cell struct {
	paras            [][]piece
	colspan, rowspan int
	header           bool
}

// table writes a w:tbl; rowspan cells become a vMerge restart and
// continuation cells in the rows below.
func (g *gen) table(dec *xml.Decoder) error {
	var rows [][]cell
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if t, ok := tok.(xml.EndElement); ok && strings.EqualFold(t.Name.Local, "table") {
			break
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch strings.ToLower(t.Name.Local) {
		case "tr":
			rows = append(rows, nil)
		case "td", "th":
			c := cell{colspan: atoiAttr(t, "colspan"), rowspan: atoiAttr(t, "rowspan"), header: strings.EqualFold(t.Name.Local, "th")}
			paras, err := g.cellParas(dec, t)
			if err != nil {
				return err
			}
			c.paras = paras
			if len(rows) == 0 {
				rows = append(rows, nil)
			}
			rows[len(rows)-1] = append(rows[len(rows)-1], c)
		}
	}
	// Place cells on the grid; taken[r][col] marks a cell merged from above.
	type placed struct {
		c     cell
		col   int
		cont  bool // a vMerge continuation
		first bool
	}
	taken := map[[2]int]bool{}
	grid := 0
	var out [][]placed
	for r, row := range rows {
		col := 0
		var line []placed
		for _, c := range row {
			for taken[[2]int{r, col}] {
				line = append(line, placed{c: cell{colspan: 1}, col: col, cont: true})
				col++
			}
			span := max(c.colspan, 1)
			line = append(line, placed{c: c, col: col, first: c.rowspan > 1})
			for k := 1; k < c.rowspan; k++ {
				for s := 0; s < span; s++ {
					taken[[2]int{r + k, col + s}] = true
				}
			}
			col += span
		}
		for taken[[2]int{r, col}] {
			line = append(line, placed{c: cell{colspan: 1}, col: col, cont: true})
			col++
		}
		grid = max(grid, col)
		out = append(out, line)
	}
	g.out.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders><w:insideH w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>`)
	for i := 0; i < grid; i++ {
		g.out.WriteString(`<w:gridCol w:w="1200"/>`)
	}
	g.out.WriteString(`</w:tblGrid>`)
	for _, line := range out {
		g.out.WriteString(`<w:tr><w:trPr>`)
		if len(line) > 0 && line[0].c.header {
			g.out.WriteString(`<w:tblHeader/>`)
		}
		g.out.WriteString(`</w:trPr>`)
		for _, p := range line {
			g.out.WriteString(`<w:tc><w:tcPr><w:tcW w:w="1200" w:type="dxa"/>`)
			if p.c.colspan > 1 {
				fmt.Fprintf(&g.out, `<w:gridSpan w:val="%d"/>`, p.c.colspan)
			}
			switch {
			case p.cont:
				g.out.WriteString(`<w:vMerge/>`)
			case p.first:
				g.out.WriteString(`<w:vMerge w:val="restart"/>`)
			}
			g.out.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			if len(p.c.paras) == 0 {
				g.out.WriteString(`<w:p/>`)
			}
			for _, para := range p.c.paras {
				g.para(para, p.c.header)
			}
			g.out.WriteString(`</w:tc>`)
		}
		g.out.WriteString(`</w:tr>`)
	}
	g.out.WriteString(`</w:tbl>`)
	return nil
}

// cellParas reads a cell: its <p>s, or its inline content as one paragraph.
func (g *gen) cellParas(dec *xml.Decoder, start xml.StartElement) ([][]piece, error) {
	var paras [][]piece
	var loose []piece
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if s := collapse(string(t)); strings.TrimSpace(s) != "" {
				loose = append(loose, piece{text: s})
			}
		case xml.StartElement:
			switch strings.ToLower(t.Name.Local) {
			case "p":
				if len(loose) > 0 {
					paras, loose = append(paras, trimPieces(loose)), nil
				}
				ps, err := g.inline(dec, t, false)
				if err != nil {
					return nil, err
				}
				paras = append(paras, ps)
			case "br":
				loose = append(loose, piece{br: true})
				if err := dec.Skip(); err != nil {
					return nil, err
				}
			default:
				ps, err := g.inline(dec, t, strings.EqualFold(t.Name.Local, "b"))
				if err != nil {
					return nil, err
				}
				loose = append(loose, ps...)
			}
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, start.Name.Local) {
				if len(loose) > 0 {
					paras = append(paras, trimPieces(loose))
				}
				return paras, nil
			}
		}
	}
}

func atoiAttr(t xml.StartElement, name string) int {
	for _, a := range t.Attr {
		if strings.EqualFold(a.Name.Local, name) {
			n, err := strconv.Atoi(strings.TrimSpace(a.Value))
			if err == nil && n > 0 && n < 64 {
				return n
			}
		}
	}
	return 1
}

// innerXML returns the content of the element just opened as XML, with
// the w:, mc:, wps:, v: prefixes it was written with (the source declares
// no namespaces, so the decoder keeps the prefixes as they are).
func innerXML(dec *xml.Decoder) (string, error) {
	var b strings.Builder
	depth := 1
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return "", io.ErrUnexpectedEOF
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "ooxml" && t.Name.Space == "" {
				depth++
			}
			b.WriteString("<" + qname(t.Name))
			for _, a := range t.Attr {
				b.WriteString(" " + qname(a.Name) + `="` + XMLText(a.Value) + `"`)
			}
			b.WriteString(">")
		case xml.EndElement:
			if t.Name.Local == "ooxml" && t.Name.Space == "" {
				depth--
				if depth == 0 {
					return b.String(), nil
				}
			}
			b.WriteString("</" + qname(t.Name) + ">")
		case xml.CharData:
			b.WriteString(XMLText(string(t)))
		}
	}
}

func qname(n xml.Name) string {
	switch n.Space {
	case "":
		return n.Local
	case "http://www.w3.org/XML/1998/namespace":
		return "xml:" + n.Local
	}
	return n.Space + ":" + n.Local
}
