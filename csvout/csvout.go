// Package csvout writes CSV for spreadsheets: UTF-8 with a byte-order mark
// (Excel reads Vietnamese right), every text field quoted, numbers bare, and
// formula starts neutralised. Every CSV bdg sends (dashboard exports, the
// audit log) goes through it.
//
// Why quote every text field: offices open CSV with ";" as the separator
// (the Vietnamese list separator, which bdg's own importer accepts), so a
// field "a;=2*21" written bare would split and compute. Why also neutralise
// after separators: a spreadsheet told the wrong separator or quote
// character still must not find a formula start inside a field.
package csvout

import (
	"bytes"
	"strconv"
	"strings"
)

// Field is one CSV field: text (quoted, defused) or a number (bare).
type Field struct {
	s      string
	quoted bool
}

// Text is a text field.
func Text(s string) Field { return Field{s: Defuse(s), quoted: true} }

// Number is a numeric field, written with up to two decimals.
func Number(v float64) Field {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 2, 64), 64)
	return Field{s: strconv.FormatFloat(r, 'f', -1, 64)}
}

// Empty is a field with no value (not stated).
func Empty() Field { return Field{} }

// formulaStart are the characters a spreadsheet reads as the start of a
// formula (or of a DDE payload).
const formulaStart = "=+-@\t\r"

// separators are the characters after which a spreadsheet may start a new
// field when guessing the format.
const separators = ",;\t\r\n|"

// Defuse puts an apostrophe before a formula start at the beginning of s
// and after every separator in it, so that "=HYPERLINK(…)" or "a;=2*21"
// stays text in Excel and LibreOffice. XLSX text cells use it too.
func Defuse(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	atStart := true
	for _, r := range s {
		if atStart && strings.ContainsRune(formulaStart, r) {
			b.WriteByte('\'')
		}
		b.WriteRune(r)
		atStart = strings.ContainsRune(separators, r)
	}
	return b.String()
}

// Write returns the rows as CSV with a byte-order mark.
func Write(rows [][]Field) []byte {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	for _, row := range rows {
		for i, f := range row {
			if i > 0 {
				buf.WriteByte(',')
			}
			if f.quoted {
				buf.WriteByte('"')
				buf.WriteString(strings.ReplaceAll(f.s, `"`, `""`))
				buf.WriteByte('"')
			} else {
				buf.WriteString(f.s)
			}
		}
		buf.WriteString("\r\n")
	}
	return buf.Bytes()
}

// Texts makes a row of text fields.
func Texts(ss ...string) []Field {
	out := make([]Field, len(ss))
	for i, s := range ss {
		out[i] = Text(s)
	}
	return out
}
