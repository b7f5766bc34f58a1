package apitest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// recorder is a testing.TB that keeps what Wrap reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

// TestWrapFindsMismatches: the validator reports an answer of the wrong
// shape, a status the document does not list, and an accepted request the
// document refuses; a right answer passes.
func TestWrapFindsMismatches(t *testing.T) {
	cases := []struct {
		name, path string
		status     int
		body       string
		bad        bool
	}{
		{"right", "/api/v1/periods", 200, `{"periods": ["2024-H1"]}`, false},
		{"wrong shape", "/api/v1/periods", 200, `{"periods": 5}`, true},
		{"undocumented status", "/api/v1/periods", 418, `{"periods": []}`, true},
		{"error shape", "/api/v1/communes?era=1999", 400, `{"error": {"code": "bad_filter", "field": "era", "message_vi": "x", "message_en": "x"}}`, false},
		{"accepted a refused request", "/api/v1/communes?era=1999", 200, `{"area": "x", "communes": {}}`, true},
		{"broken error", "/api/v1/communes?era=1999", 400, `{"error": "bad"}`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			h := Wrap(rec, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", tc.path, nil))
			if got := len(rec.errs) > 0; got != tc.bad {
				t.Errorf("reported %v, want a mismatch %v", rec.errs, tc.bad)
			}
		})
	}
}
