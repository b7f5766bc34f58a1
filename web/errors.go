package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apperr"
)

// Abort attaches err for the error middleware and stops the handler chain.
func Abort(c *gin.Context, err error) {
	_ = c.Error(err)
	c.Abort()
}

// WantsJSON tells whether an answer (an error above all) should be JSON:
// API paths, ?format=json and token callers; people get pages.
func WantsJSON(c *gin.Context) bool {
	return strings.HasPrefix(c.Request.URL.Path, "/api/") || c.Query("format") == "json" || WhoFrom(c).Token
}

// ErrorBody is the JSON shape of every error answer.
type ErrorBody struct {
	Error    *apperr.Error   `json:"error"`
	Problems []*apperr.Error `json:"problems,omitempty"`
	// RequestID names a server failure in the log (500 only).
	RequestID string `json:"request_id,omitempty"`
}

// Errors is the one middleware that writes errors: the last error a handler
// attached, unless it already answered. A user-facing *apperr.Error keeps its
// status; an unreachable database (unavailable says which errors mean that)
// is 503; anything else is the server's own fault, 500, logged with a
// request id that the answer repeats.
func (s *Site) Errors(unavailable func(error) bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		if len(c.Errors) == 0 || c.Writer.Written() {
			return
		}
		err := c.Errors.Last().Err
		ae, ok := apperr.As(err)
		var id string
		switch {
		case ok:
			if ae.HTTPStatus() >= 500 {
				s.log.Warn("request refused", "path", c.Request.URL.Path, "code", ae.Code, "err", err)
			}
		case errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil:
			return // the client went away: nobody to answer
		case unavailable != nil && unavailable(err):
			s.log.Warn("database unavailable", "path", c.Request.URL.Path, "err", err)
			ae = apperr.Unavailable("unavailable", T("vi", "error.unavailable"), T("en", "error.unavailable"), err)
		default:
			id = newRequestID()
			s.log.Error("request failed", "request_id", id, "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
			ae = apperr.New(http.StatusInternalServerError, "internal", "",
				T("vi", "error.internal")+" "+id, T("en", "error.internal")+" "+id)
		}
		s.WriteError(c, ae, id)
	}
}

// WriteError answers with a user-facing error now: JSON or the error page.
func (s *Site) WriteError(c *gin.Context, ae *apperr.Error, requestID string) {
	status := ae.HTTPStatus()
	NoStore(c)
	if status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "30")
	}
	if WantsJSON(c) {
		c.AbortWithStatusJSON(status, ErrorBody{Error: ae, Problems: ae.Problems, RequestID: requestID})
		return
	}
	c.Abort()
	s.renderError(c, status, ae, requestID)
}

// errorPage is the error page's data.
type errorPage struct {
	*Page
	Heading   string
	Message   string
	Problems  []string
	RequestID string
}

func (s *Site) renderError(c *gin.Context, status int, ae *apperr.Error, requestID string) {
	p := s.NewPage(c, "", "")
	key := "error." + strconv.Itoa(status)
	if _, ok := messages[key]; !ok {
		key = "error.other"
	}
	p.Title = T(p.Lang, key)
	if status < 500 { // the area name needs the database, which may be what failed
		s.WithArea(c, p)
	}
	d := errorPage{Page: p, Heading: p.Title, Message: ae.Message(p.Lang), RequestID: requestID}
	for _, pr := range ae.Problems {
		d.Problems = append(d.Problems, pr.Message(p.Lang))
	}
	b, err := s.errorPages.execute("error", d)
	if err != nil { // the last resort: plain text, never an empty 200
		s.log.Error("render error page", "err", err)
		c.Data(status, "text/plain; charset=utf-8", []byte(ae.MessageVI+"\n"+ae.MessageEN+"\n"))
		return
	}
	writeHTML(c, status, b)
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
