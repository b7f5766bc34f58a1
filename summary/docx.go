package summary

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The Word writer: WordprocessingML written with archive/zip and plain
// strings, as little of the format as the report needs (paragraphs, tables,
// pictures, sections). A library would bring a large API for these few
// elements; writing them keeps every byte of the document under test.

// Page geometry in twips (1/1440 inch), A4 with the margins of Nghị định
// 30/2020/NĐ-CP on official documents (top and bottom 20 mm, left 30 mm,
// right 20 mm).
const (
	a4Short        = 11906
	a4Long         = 16838
	marginTop      = 1134
	marginBottom   = 1134
	marginLeft     = 1701
	marginRight    = 1134
	portraitWidth  = a4Short - marginLeft - marginRight // 9071
	landscapeWidth = a4Long - 2*marginRight             // 14570
	emuPerTwip     = 635
)

// run is a piece of text with one formatting.
type run struct {
	Text                    string
	Bold, Italic, Underline bool
	Size                    int  // half-points; 0 is the style's
	Break                   bool // a page break after the text
}

// para is one paragraph.
type para struct {
	Runs     []run
	Align    string // "center", "right", "both" or "" (left)
	Style    string // a style id of styles.xml
	Indent   bool   // first-line indent, as official documents are set
	KeepNext bool
	After    int // spacing after in twips; -1 for none, 0 for the style's
	Before   int
}

// cell is one table cell: its paragraphs, how many columns it spans, and
// a fill colour (hex) for header rows.
type cell struct {
	Paras []para
	Span  int
	Fill  string
}

// table is a grid; Header rows repeat on every page.
type table struct {
	Widths   []int // twips per column
	Rows     [][]cell
	Header   int
	Borders  bool
	FontSize int // half-points for every run without its own size
	// Name is read by nobody but people: tblCaption in the table properties.
	Name string
}

// picture is an image part of the package.
type picture struct {
	name string
	data []byte
}

// docx accumulates a document's body and its pictures.
type docx struct {
	body     bytes.Buffer
	pictures []picture
	ids      int // drawing ids, unique within the document
}

func newDocx() *docx {
	d := &docx{}
	d.body.Grow(64 << 10)
	return d
}

// esc writes s as XML character data (invalid characters become U+FFFD).
func esc(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s))
}

func (d *docx) writeRun(b *bytes.Buffer, r run, defSize int) {
	b.WriteString("<w:r>")
	size := r.Size
	if size == 0 {
		size = defSize
	}
	if r.Bold || r.Italic || r.Underline || size > 0 {
		// Word wants the schema's order: b, i, sz, u.
		b.WriteString("<w:rPr>")
		if r.Bold {
			b.WriteString("<w:b/><w:bCs/>")
		}
		if r.Italic {
			b.WriteString("<w:i/><w:iCs/>")
		}
		if size > 0 {
			fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, size, size)
		}
		if r.Underline {
			b.WriteString(`<w:u w:val="single"/>`)
		}
		b.WriteString("</w:rPr>")
	}
	for i, line := range strings.Split(r.Text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		if line == "" {
			continue
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		esc(b, line)
		b.WriteString("</w:t>")
	}
	if r.Break {
		b.WriteString(`<w:br w:type="page"/>`)
	}
	b.WriteString("</w:r>")
}

func (d *docx) writePara(b *bytes.Buffer, p para, defSize int, sect string) {
	b.WriteString("<w:p>")
	if p.Style != "" || p.Align != "" || p.Indent || p.KeepNext || p.After != 0 || p.Before != 0 || sect != "" {
		b.WriteString("<w:pPr>")
		if p.Style != "" {
			fmt.Fprintf(b, `<w:pStyle w:val="%s"/>`, p.Style)
		}
		if p.KeepNext {
			b.WriteString("<w:keepNext/>")
		}
		if p.After != 0 || p.Before != 0 {
			after, before := p.After, p.Before
			if after < 0 {
				after = 0
			}
			if before < 0 {
				before = 0
			}
			fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d"/>`, before, after)
		}
		if p.Indent {
			b.WriteString(`<w:ind w:firstLine="567"/>`)
		}
		if p.Align != "" {
			fmt.Fprintf(b, `<w:jc w:val="%s"/>`, p.Align)
		}
		b.WriteString(sect)
		b.WriteString("</w:pPr>")
	}
	for _, r := range p.Runs {
		d.writeRun(b, r, defSize)
	}
	b.WriteString("</w:p>")
}

// P adds a paragraph.
func (d *docx) P(p para) { d.writePara(&d.body, p, 0, "") }

// Text adds a justified body paragraph with a first-line indent.
func (d *docx) Text(s string) {
	d.P(para{Runs: []run{{Text: s}}, Align: "both", Indent: true})
}

// Heading adds a heading of level 1 or 2 (styles Heading1, Heading2).
func (d *docx) Heading(level int, s string) {
	d.P(para{Runs: []run{{Text: s}}, Style: "Heading" + strconv.Itoa(level), KeepNext: true})
}

// Table adds a table.
func (d *docx) Table(t table) {
	b := &d.body
	total := 0
	for _, w := range t.Widths {
		total += w
	}
	b.WriteString("<w:tbl><w:tblPr>")
	if t.Borders {
		b.WriteString(`<w:tblStyle w:val="TableGrid"/>`)
	}
	fmt.Fprintf(b, `<w:tblW w:w="%d" w:type="dxa"/>`, total)
	if t.Borders {
		b.WriteString(`<w:jc w:val="center"/>`)
	}
	b.WriteString(`<w:tblLayout w:type="fixed"/>`)
	b.WriteString(`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>`)
	if t.Name != "" { // after tblLook: Word checks the schema's order
		b.WriteString(`<w:tblCaption w:val="`)
		esc(b, t.Name)
		b.WriteString(`"/>`)
	}
	b.WriteString("</w:tblPr><w:tblGrid>")
	for _, w := range t.Widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
	for i, row := range t.Rows {
		b.WriteString("<w:tr>")
		if i < t.Header {
			b.WriteString("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>")
		} else {
			b.WriteString("<w:trPr><w:cantSplit/></w:trPr>")
		}
		col := 0
		for _, c := range row {
			span := max(c.Span, 1)
			w := 0
			for k := col; k < col+span && k < len(t.Widths); k++ {
				w += t.Widths[k]
			}
			col += span
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
			if span > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, span)
			}
			if c.Fill != "" {
				fmt.Fprintf(b, `<w:shd w:val="clear" w:color="auto" w:fill="%s"/>`, c.Fill)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			if len(c.Paras) == 0 {
				c.Paras = []para{{}}
			}
			for _, p := range c.Paras {
				if p.After == 0 {
					p.After = -1
				}
				d.writePara(b, p, t.FontSize, "")
			}
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	// Word needs a paragraph between a table and what follows.
	d.P(para{After: -1})
}

// Picture adds a PNG as an inline picture widthTwips wide, keeping its
// aspect ratio (w×h pixels); alt is its text for screen readers.
func (d *docx) Picture(png []byte, w, h, widthTwips int, alt string) {
	d.ids++
	id := d.ids
	name := fmt.Sprintf("chart%d.png", id)
	d.pictures = append(d.pictures, picture{name: name, data: png})
	cx := int64(widthTwips) * emuPerTwip
	cy := cx * int64(h) / int64(max(w, 1))
	b := &d.body
	b.WriteString(`<w:p><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>`)
	fmt.Fprintf(b, `<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>`, cx, cy)
	fmt.Fprintf(b, `<wp:docPr id="%d" name="Chart %d" descr="`, id, id)
	esc(b, alt)
	b.WriteString(`"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`)
	b.WriteString(`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`)
	fmt.Fprintf(b, `<pic:nvPicPr><pic:cNvPr id="%d" name="%s"/><pic:cNvPicPr/></pic:nvPicPr>`, id, name)
	fmt.Fprintf(b, `<pic:blipFill><a:blip r:embed="rIdPic%d"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`, id)
	fmt.Fprintf(b, `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`, cx, cy)
	b.WriteString(`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`)
}

// sectPr is a section's page setup.
func sectPr(landscape bool) string {
	if landscape {
		return fmt.Sprintf(`<w:sectPr><w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>`,
			a4Long, a4Short, marginRight, marginRight, marginRight, marginRight)
	}
	return fmt.Sprintf(`<w:sectPr><w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>`,
		a4Short, a4Long, marginTop, marginRight, marginBottom, marginLeft)
}

// EndSection closes the pages so far as one section (portrait or
// landscape); what follows starts on a new page.
func (d *docx) EndSection(landscape bool) {
	d.writePara(&d.body, para{After: -1}, 0, sectPr(landscape))
}

// meta is the package's document properties.
type meta struct {
	Title, Subject, Lang string
	Created              time.Time
}

// Write writes the package; the last section is landscape or portrait.
func (d *docx) Write(w io.Writer, m meta, landscape bool) error {
	z := zip.NewWriter(w)
	put := func(name string, data []byte, store bool) error {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: m.Created}
		if store {
			h.Method = zip.Store
		}
		f, err := z.CreateHeader(h)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	var doc bytes.Buffer
	doc.Grow(d.body.Len() + 2048)
	doc.WriteString(xmlHeader)
	doc.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:wp="` + nsWP + `" xmlns:a="` + nsA + `" xmlns:pic="` + nsPic + `"><w:body>`)
	doc.Write(d.body.Bytes())
	doc.WriteString(sectPr(landscape))
	doc.WriteString("</w:body></w:document>")

	var rels, types strings.Builder
	rels.WriteString(xmlHeader + `<Relationships xmlns="` + nsRel + `">`)
	rels.WriteString(`<Relationship Id="rIdStyles" Type="` + nsOfficeRel + `/styles" Target="styles.xml"/>`)
	rels.WriteString(`<Relationship Id="rIdSettings" Type="` + nsOfficeRel + `/settings" Target="settings.xml"/>`)
	for i, p := range d.pictures {
		fmt.Fprintf(&rels, `<Relationship Id="rIdPic%d" Type="%s/image" Target="media/%s"/>`, i+1, nsOfficeRel, p.name)
	}
	rels.WriteString(`</Relationships>`)
	types.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Default Extension="png" ContentType="image/png"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`</Types>`)
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(types.String())},
		{"_rels/.rels", []byte(packageRels)},
		{"docProps/core.xml", coreXML(m)},
		{"docProps/app.xml", []byte(appXML)},
		{"word/document.xml", doc.Bytes()},
		{"word/_rels/document.xml.rels", []byte(rels.String())},
		{"word/styles.xml", []byte(stylesXML(m.Lang))},
		{"word/settings.xml", []byte(settingsXML(m.Lang))},
	}
	for _, p := range parts {
		if err := put(p.name, p.data, false); err != nil {
			return fmt.Errorf("summary: docx %s: %w", p.name, err)
		}
	}
	for _, p := range d.pictures {
		if err := put("word/media/"+p.name, p.data, true); err != nil { // PNG is compressed already
			return fmt.Errorf("summary: docx %s: %w", p.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("summary: docx: %w", err)
	}
	return nil
}

const (
	xmlHeader   = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsW         = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsWP        = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
	nsA         = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsPic       = "http://schemas.openxmlformats.org/drawingml/2006/picture"
	nsRel       = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsOfficeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

const packageRels = xmlHeader + `<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rId1" Type="` + nsOfficeRel + `/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + nsOfficeRel + `/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appXML = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>bdg</Application></Properties>`

func coreXML(m meta) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString("<dc:title>")
	esc(&b, m.Title)
	b.WriteString("</dc:title><dc:subject>")
	esc(&b, m.Subject)
	b.WriteString("</dc:subject><dc:creator>bdg</dc:creator><dc:language>")
	esc(&b, docLang(m.Lang))
	ts := m.Created.UTC().Format("2006-01-02T15:04:05Z")
	b.WriteString(`</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified></cp:coreProperties>`)
	return b.Bytes()
}

func docLang(lang string) string {
	if lang == "en" {
		return "en-GB"
	}
	return "vi-VN"
}

// stylesXML: Times New Roman 13 pt as official documents are set, headings
// that Word's navigation pane lists, and a bordered table style.
func stylesXML(lang string) string {
	return xmlHeader + `<w:styles xmlns:w="` + nsW + `">` +
		`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
		`<w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="` + docLang(lang) + `"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/><w:spacing w:before="180" w:after="120"/><w:ind w:firstLine="567"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/>` +
		`<w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:i/><w:iCs/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>` +
		`<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
		`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
		`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
		`</w:tblBorders></w:tblPr></w:style>` +
		`</w:styles>`
}

func settingsXML(lang string) string {
	return xmlHeader + `<w:settings xmlns:w="` + nsW + `"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>` +
		`<w:characterSpacingControl w:val="doNotCompress"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`<w:themeFontLang w:val="` + docLang(lang) + `"/></w:settings>`
}
