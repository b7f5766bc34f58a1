package docread

import (
	"net/http"
	"strconv"

	"github.com/bdg-district/bdg/apperr"
)

// Error codes of a document that cannot be read.
const (
	CodePDF         = "pdf_unsupported"
	CodeUnknownType = "unknown_type"
	CodeEmpty       = "empty"
	CodeInvalidUTF8 = "invalid_utf8"
	CodeDocx        = "docx_invalid"
	CodeTooLarge    = "docx_too_large"
	CodeTooMany     = "docx_too_many_entries"
	CodeTooDeep     = "docx_too_deep"
	CodeTextTooLong = "text_too_large"
)

// MaxText is the most text a report may hold once read (normalised UTF-8
// bytes). Real reports are tens of kilobytes; a few megabytes of text is
// a pasted database or a crafted file, refused before it reaches the
// extractor.
const MaxText = 4 << 20

// TextTooLong is the error for a text of n bytes over the limit (413).
func TextTooLong(n, limit int) *apperr.Error {
	mb := func(b int) string { return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) }
	return fileError(CodeTextTooLong,
		"Văn bản của tệp quá dài ("+mb(n)+" MB, tối đa "+mb(limit)+" MB); vui lòng tách báo cáo hoặc bỏ các phụ lục không cần thiết",
		"the file's text is too long ("+mb(n)+" MB, at most "+mb(limit)+" MB); please split the report or remove unneeded appendices")
}

// fileError is a document that cannot be read: 413 for one over a size
// limit, 422 for the rest.
func fileError(code, vi, en string) *apperr.Error {
	status := http.StatusUnprocessableEntity
	switch code {
	case CodeTooLarge, CodeTooMany, CodeTooDeep, CodeTextTooLong:
		status = http.StatusRequestEntityTooLarge
	}
	return apperr.New(status, code, "file", vi, en)
}
