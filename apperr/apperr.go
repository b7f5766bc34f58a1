// Package apperr is bdg's one user-facing error: an HTTP status, a stable
// code, the field it is about and the message in Vietnamese and English.
// Packages return it; one middleware (server) writes it, as JSON for the API
// and inside the page layout for people. Any other error is the server's
// own fault (500) or an unreachable database (503), never the user's.
package apperr

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is a user-facing error.
type Error struct {
	Status    int    `json:"-"`
	Code      string `json:"code"`  // stable machine code, e.g. "pdf_unsupported"
	Field     string `json:"field"` // what the error is about, e.g. "file", "values.cadre_female"
	MessageVI string `json:"message_vi"`
	MessageEN string `json:"message_en"`
	// Problems lists every problem of a table upload, by line; the error
	// itself repeats the first.
	Problems []*Error `json:"-"`
	// Rule names a validation rule that failed (publishing refused).
	Rule  string `json:"rule,omitempty"`
	cause error
}

// Error returns the bilingual message "vi / en".
func (e *Error) Error() string { return e.MessageVI + " / " + e.MessageEN }

// Unwrap gives the underlying cause, if any (a full spool's I/O error).
func (e *Error) Unwrap() error { return e.cause }

// Message is the message in lang ("en", else Vietnamese).
func (e *Error) Message(lang string) string {
	if lang == "en" {
		return e.MessageEN
	}
	return e.MessageVI
}

// HTTPStatus is the status to answer with (422 when unset).
func (e *Error) HTTPStatus() int {
	if e.Status == 0 {
		return http.StatusUnprocessableEntity
	}
	return e.Status
}

// New makes an error with a status.
func New(status int, code, field, vi, en string) *Error {
	return &Error{Status: status, Code: code, Field: field, MessageVI: vi, MessageEN: en}
}

// Newf is New with the same format arguments for both messages.
func Newf(status int, code, field, vi, en string, args ...any) *Error {
	return New(status, code, field, fmt.Sprintf(vi, args...), fmt.Sprintf(en, args...))
}

// BadRequest is a malformed request (400).
func BadRequest(code, field, vi, en string) *Error {
	return New(http.StatusBadRequest, code, field, vi, en)
}

// Invalid is well-formed data that bdg cannot accept (422).
func Invalid(code, field, vi, en string) *Error {
	return New(http.StatusUnprocessableEntity, code, field, vi, en)
}

// NotFound is a missing report, commune or page (404).
func NotFound(code, field, vi, en string) *Error {
	return New(http.StatusNotFound, code, field, vi, en)
}

// Forbidden is an action the caller may not take (403).
func Forbidden(code, field, vi, en string) *Error {
	return New(http.StatusForbidden, code, field, vi, en)
}

// TooLarge is a body, file or text over its limit (413).
func TooLarge(code, field, vi, en string) *Error {
	return New(http.StatusRequestEntityTooLarge, code, field, vi, en)
}

// Conflict is a request that clashes with the current state (409).
func Conflict(code, field, vi, en string) *Error {
	return New(http.StatusConflict, code, field, vi, en)
}

// Unavailable is a temporary failure the client should retry (503); cause
// is kept for the log.
func Unavailable(code, vi, en string, cause error) *Error {
	e := New(http.StatusServiceUnavailable, code, "", vi, en)
	e.cause = cause
	return e
}

// WithField returns a copy of e about another field.
func (e *Error) WithField(field string) *Error {
	c := *e
	c.Field = field
	return &c
}

// List is one error that carries every problem of an upload (each naming
// its line), answered with the status of the first.
func List(status int, problems []*Error) *Error {
	first := *problems[0]
	first.Status, first.Problems = status, problems
	return &first
}

// As finds the user-facing error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
