package ingest

// Error is a user-facing read or extraction error, rendered in Vietnamese and
// English.
type Error struct {
	Code      string `json:"code"`  // stable machine code, e.g. "pdf_unsupported"
	Field     string `json:"field"` // what the error is about, e.g. "file"
	MessageVI string `json:"message_vi"`
	MessageEN string `json:"message_en"`
}

// Error returns the bilingual message "vi / en".
func (e *Error) Error() string { return e.MessageVI + " / " + e.MessageEN }

// Error codes.
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

func newError(code, vi, en string) *Error {
	return &Error{Code: code, Field: "file", MessageVI: vi, MessageEN: en}
}
