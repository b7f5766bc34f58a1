package docread

import (
	"net/http"

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
)

// fileError is a document that cannot be read: 413 for one over a size
// limit, 422 for the rest.
func fileError(code, vi, en string) *apperr.Error {
	status := http.StatusUnprocessableEntity
	switch code {
	case CodeTooLarge, CodeTooMany, CodeTooDeep:
		status = http.StatusRequestEntityTooLarge
	}
	return apperr.New(status, code, "file", vi, en)
}
