package auth

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"
)

// CSRFHeader carries the CSRF token of a script's request.
const CSRFHeader = "X-CSRF-Token"

// CSRFField is the name of the hidden form field with the CSRF token.
const CSRFField = "csrf"

// CSRFToken is the CSRF token of the request's session ("" for bearer
// tokens and anonymous requests).
func CSRFToken(c *gin.Context) string {
	if p, ok := FromContext(c); ok && p.session != nil {
		return p.session.CSRF
	}
	return ""
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkCSRF verifies the token of a state-changing request made with a
// session cookie: the X-CSRF-Token header, or the csrf form field. It
// answers the request itself when it fails.
func (a *Auth) checkCSRF(c *gin.Context, want string) bool {
	got := c.GetHeader(CSRFHeader)
	if got == "" {
		ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
		switch ct {
		case "multipart/form-data":
			// Parse once (the body is bounded by the route's rule): the
			// handler then reads the parsed form, not the body.
			if err := c.Request.ParseMultipartForm(8 << 20); err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					a.tooLarge(c, mbe.Limit)
					return false
				}
			} else if v := c.Request.MultipartForm.Value[CSRFField]; len(v) > 0 {
				got = v[0]
			}
		case "application/x-www-form-urlencoded":
			got = c.PostForm(CSRFField)
		}
	}
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		a.deny(c, http.StatusForbidden, "csrf",
			"Phiên làm việc đã thay đổi hoặc biểu mẫu đã cũ; hãy tải lại trang và thử lại",
			"The form is stale or the session changed; reload the page and try again")
		return false
	}
	return true
}

func constantEqual(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// sizeText writes a body limit for people: whole megabytes for an upload
// (the file's own limit, 10 MB, not the form around it), kilobytes for a form.
func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20-1)
	}
	return fmt.Sprintf("%d KB", n>>10)
}
